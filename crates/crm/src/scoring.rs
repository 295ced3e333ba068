//! A lead's score, 0-100, and the factors that produced it (LGPD art. 20: a person may ask why
//! an automated decision was made). Pure: the caller gathers the inputs; the weights are the
//! tenant's (`crm_lists`, kind `score_weight`). A learned model can replace `score` later and
//! answer the same `ScoreFactor`s.

use chrono::{DateTime, Utc};
use innexar_kernel::Money;

use crate::model::ScoreFactor;

/// Each factor's weight: the most points it can give. The defaults add up to 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights(pub Vec<(String, i32)>);

pub const FACTORS: &[(&str, i32, &str)] = &[
    ("source_quality", 20, "Qualidade da origem"),
    ("engagement", 25, "Engajamento"),
    ("response_time", 15, "Tempo de resposta"),
    ("budget_fit", 15, "Orçamento x interesse"),
    ("trade_in", 10, "Carro na troca"),
    ("recency", 15, "Atividade recente"),
];

impl Default for Weights {
    fn default() -> Self {
        Weights(FACTORS.iter().map(|(k, w, _)| (k.to_string(), *w)).collect())
    }
}

impl Weights {
    fn of(&self, factor: &str) -> i32 {
        self.0.iter().find(|(k, _)| k == factor).map(|(_, w)| *w).unwrap_or(0).max(0)
    }
}

/// What the score is computed from.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The source's quality, 0-20, from the tenant's source list.
    pub source_points: i32,
    pub source_label: String,
    pub inbound_contacts: u32,
    pub outbound_contacts: u32,
    pub created_at: DateTime<Utc>,
    pub response_due_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub budget: Option<Money>,
    /// The asking price of the vehicle the lead wants, when it names one.
    pub interest_price: Option<Money>,
    pub has_trade_in: bool,
    pub now: DateTime<Utc>,
}

/// The score (0-100) and its factors, each with its points, its maximum and why.
pub fn score(i: &Inputs, w: &Weights) -> (i32, Vec<ScoreFactor>) {
    let mut factors = Vec::new();
    let mut add = |factor: &str, fraction: f64, detail: String| {
        let max = w.of(factor);
        // Fractions are thirds and quarters of small integers: f64 rounds them exactly enough,
        // and no money is computed here.
        let points = (f64::from(max) * fraction.clamp(0.0, 1.0)).round() as i32;
        factors.push(ScoreFactor { factor: factor.to_string(), points, max, detail });
    };
    add(
        "source_quality",
        f64::from(i.source_points.clamp(0, 20)) / 20.0,
        format!("Origem {}: {} de 20 na qualidade das origens", i.source_label, i.source_points.clamp(0, 20)),
    );
    let contacts = i.inbound_contacts * 2 + i.outbound_contacts;
    add(
        "engagement",
        f64::from(contacts.min(6)) / 6.0,
        format!("{} contato(s) do cliente, {} da loja", i.inbound_contacts, i.outbound_contacts),
    );
    let sla = (i.response_due_at - i.created_at).max(chrono::Duration::minutes(1));
    let (fraction, detail) = match i.first_response_at {
        Some(at) => {
            let took = at - i.created_at;
            let minutes = took.num_minutes().max(0);
            if took <= sla {
                (1.0, format!("Respondido em {minutes} min, dentro do prazo"))
            } else if took <= sla * 2 {
                (0.5, format!("Respondido em {minutes} min, depois do prazo"))
            } else {
                (0.2, format!("Respondido em {minutes} min, muito depois do prazo"))
            }
        }
        None if i.now > i.response_due_at => (0.0, "Sem resposta e fora do prazo".to_string()),
        None => (0.5, "Aguardando a primeira resposta, no prazo".to_string()),
    };
    add("response_time", fraction, detail);
    let (fraction, detail) = match (i.budget, i.interest_price) {
        (Some(b), Some(p)) if p.0 > 0 && b.0 >= p.0 => {
            (1.0, "O orçamento cobre o preço do veículo de interesse".into())
        }
        (Some(b), Some(p)) if p.0 > 0 && b.0 * 100 >= p.0 * 85 => {
            (0.6, "O orçamento chega a 85% do preço do veículo de interesse".into())
        }
        (Some(_), Some(_)) => (0.2, "O orçamento fica abaixo do preço do veículo de interesse".into()),
        (Some(_), None) => (0.5, "Orçamento informado".into()),
        (None, _) => (0.0, "Sem orçamento informado".into()),
    };
    add("budget_fit", fraction, detail);
    add(
        "trade_in",
        if i.has_trade_in { 1.0 } else { 0.0 },
        if i.has_trade_in { "Tem carro para dar na troca".into() } else { "Sem carro na troca".into() },
    );
    let last = i.last_activity_at.unwrap_or(i.created_at);
    let days = (i.now - last).num_days().max(0);
    let fraction = match days {
        0..=2 => 1.0,
        3..=7 => 0.6,
        8..=30 => 0.25,
        _ => 0.0,
    };
    add("recency", fraction, format!("Última atividade há {days} dia(s)"));
    let total: i32 = factors.iter().map(|f| f.points).sum();
    let max: i32 = factors.iter().map(|f| f.max).sum();
    let score = if max > 0 { (f64::from(total) * 100.0 / f64::from(max)).round() as i32 } else { 0 };
    (score.clamp(0, 100), factors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn base() -> Inputs {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).single().expect("t0");
        Inputs {
            source_points: 20,
            source_label: "Indicação".into(),
            inbound_contacts: 3,
            outbound_contacts: 0,
            created_at: t0,
            response_due_at: t0 + chrono::Duration::minutes(30),
            first_response_at: Some(t0 + chrono::Duration::minutes(10)),
            last_activity_at: Some(t0 + chrono::Duration::hours(1)),
            budget: Some(Money(10_000_000)),
            interest_price: Some(Money(9_000_000)),
            has_trade_in: true,
            now: t0 + chrono::Duration::days(1),
        }
    }

    #[test]
    fn a_hot_lead_scores_100_and_every_factor_says_why() {
        let (s, f) = score(&base(), &Weights::default());
        assert_eq!(s, 100);
        assert_eq!(f.len(), 6);
        assert!(f.iter().all(|f| f.points == f.max && !f.detail.is_empty()), "{f:?}");
    }

    #[test]
    fn each_factor_moves_the_score_by_its_points() {
        let mut cold = base();
        cold.source_points = 7;
        cold.inbound_contacts = 0;
        cold.first_response_at = None;
        cold.now = cold.created_at + chrono::Duration::days(40);
        cold.last_activity_at = None;
        cold.budget = Some(Money(5_000_000));
        cold.has_trade_in = false;
        let (s, f) = score(&cold, &Weights::default());
        let points: Vec<(&str, i32)> = f.iter().map(|f| (f.factor.as_str(), f.points)).collect();
        assert_eq!(
            points,
            [
                ("source_quality", 7),
                ("engagement", 0),
                ("response_time", 0),
                ("budget_fit", 3),
                ("trade_in", 0),
                ("recency", 0)
            ]
        );
        assert_eq!(s, 10);
    }

    #[test]
    fn the_tenants_weights_decide_how_much_each_factor_counts() {
        let only_trade_in = Weights(vec![("trade_in".into(), 10)]);
        let mut i = base();
        assert_eq!(score(&i, &only_trade_in).0, 100);
        i.has_trade_in = false;
        assert_eq!(score(&i, &only_trade_in).0, 0);
        assert_eq!(score(&i, &Weights(vec![])).0, 0, "no weights, no score");
    }
}
