//! What each kind of message says, per channel and language, with its variables: the defaults in
//! pt-BR (and English), rendered with minijinja from the parameters the trigger gives. An
//! e-mail's HTML part is the same text in the mailer's layout, escaped, its addresses as links.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::message::{Channel, Purpose};

/// One kind of message: what triggers it and the variables its templates may use.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Kind {
    pub key: &'static str,
    pub purpose: Purpose,
    pub description: &'static str,
    pub variables: &'static [&'static str],
}

/// A kind's words on one channel in one language.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub kind: &'static str,
    pub channel: Channel,
    pub language: &'static str,
    /// E-mails only.
    pub subject: &'static str,
    pub body: &'static str,
}

pub const KINDS: &[Kind] = &[
    Kind {
        key: "password_reset",
        purpose: Purpose::Transactional,
        description: "A user asked for a link to set a new password",
        variables: &["name", "tenant", "link", "minutes"],
    },
    Kind {
        key: "user_invitation",
        purpose: Purpose::Transactional,
        description: "A user was created without a password: the link to set one",
        variables: &["name", "tenant", "link", "expires"],
    },
    Kind {
        key: "quote_sent",
        purpose: Purpose::Transactional,
        description: "A quote was sent to its customer: the link to read and accept it (the PDF attached to e-mails)",
        variables: &["customer_name", "quote_number", "link", "valid_until", "store", "tenant"],
    },
    Kind {
        key: "quote_confirmation_code",
        purpose: Purpose::Transactional,
        description: "The code a customer types to accept a quote by its link",
        variables: &["quote_number", "code", "minutes"],
    },
    Kind {
        key: "lead_assigned",
        purpose: Purpose::Transactional,
        description: "A lead was assigned to a salesperson",
        variables: &["name", "customer_name", "interest", "source", "link", "tenant"],
    },
    Kind {
        key: "approval_requested",
        purpose: Purpose::Transactional,
        description: "A salesperson asked for a discount above their limit",
        variables: &["name", "by", "quote_number", "customer_name", "discount", "link"],
    },
    Kind {
        key: "approval_decided",
        purpose: Purpose::Transactional,
        description: "A manager approved or declined a discount",
        variables: &["name", "approved", "by", "quote_number", "note", "link"],
    },
    Kind {
        key: "reservation_expiring",
        purpose: Purpose::Transactional,
        description: "A vehicle reserved for a customer is about to be released",
        variables: &["name", "vehicle", "customer_name", "expires", "link", "tenant"],
    },
    Kind {
        key: "vehicle_offer",
        purpose: Purpose::Marketing,
        description: "An offer of a vehicle to a customer: marketing, sent only with their consent for the channel",
        variables: &["customer_name", "vehicle", "price", "link", "store", "opt_out_link"],
    },
    Kind {
        key: "opt_out_confirmed",
        purpose: Purpose::Transactional,
        description: "The answer to a person who replied SAIR or PARAR: no more offers on this channel",
        variables: &["tenant"],
    },
    Kind {
        key: "conversation_reply",
        purpose: Purpose::Transactional,
        description: "A salesperson's answer to a customer who wrote by WhatsApp, within the 24-hour window",
        variables: &["text"],
    },
    Kind {
        key: "conversation_follow_up",
        purpose: Purpose::Transactional,
        description: "A salesperson picks up a WhatsApp conversation more than 24 hours after the customer last wrote",
        variables: &["customer_name", "name", "store"],
    },
    Kind {
        key: "channel_test",
        purpose: Purpose::Transactional,
        description: "A test an Owner sends to check that the channel's provider is set up",
        variables: &["tenant"],
    },
];

pub fn kind(key: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.key == key)
}

const fn t(
    kind: &'static str,
    channel: Channel,
    language: &'static str,
    subject: &'static str,
    body: &'static str,
) -> Template {
    Template { kind, channel, language, subject, body }
}

pub const DEFAULTS: &[Template] = &[
    t(
        "password_reset",
        Channel::Email,
        "pt-BR",
        "Redefinição de senha — {{ tenant }}",
        "Olá, {{ name }}.\n\nPara criar uma nova senha no Innexar ({{ tenant }}), abra o link abaixo em até {{ minutes }} minutos. Ele funciona uma vez só.\n\n{{ link }}\n\nSe você não pediu, ignore esta mensagem: sua senha continua a mesma.",
    ),
    t(
        "password_reset",
        Channel::Email,
        "en",
        "Password reset — {{ tenant }}",
        "Hello, {{ name }}.\n\nTo set a new password in Innexar ({{ tenant }}), open the link below within {{ minutes }} minutes. It works once.\n\n{{ link }}\n\nIf you did not ask for it, ignore this message: your password stays the same.",
    ),
    t(
        "user_invitation",
        Channel::Email,
        "pt-BR",
        "Convite para o Innexar — {{ tenant }}",
        "Olá, {{ name }}.\n\nVocê foi convidado para usar o Innexar em {{ tenant }}. Para criar sua senha e entrar, abra o link abaixo até {{ expires }}.\n\n{{ link }}\n\nSe não esperava este convite, ignore esta mensagem.",
    ),
    t(
        "user_invitation",
        Channel::Email,
        "en",
        "Your invitation to Innexar — {{ tenant }}",
        "Hello, {{ name }}.\n\nYou were invited to use Innexar at {{ tenant }}. To set your password and sign in, open the link below by {{ expires }}.\n\n{{ link }}\n\nIf you did not expect this invitation, ignore this message.",
    ),
    t(
        "quote_sent",
        Channel::Email,
        "pt-BR",
        "Sua proposta {{ quote_number }} — {{ store }}",
        "Olá, {{ customer_name }}.\n\nSua proposta {{ quote_number }} está pronta e segue anexa em PDF. Você pode lê-la e aceitá-la pelo link abaixo até {{ valid_until }}.\n\n{{ link }}\n\nQualquer dúvida, é só responder ao seu vendedor.\n{{ store }}",
    ),
    t(
        "quote_sent",
        Channel::Email,
        "en",
        "Your quote {{ quote_number }} — {{ store }}",
        "Hello, {{ customer_name }}.\n\nYour quote {{ quote_number }} is ready and attached as a PDF. You can read and accept it through the link below until {{ valid_until }}.\n\n{{ link }}\n\nAny question, just ask your salesperson.\n{{ store }}",
    ),
    t(
        "quote_sent",
        Channel::Sms,
        "pt-BR",
        "",
        "{{ store }}: {{ customer_name }}, sua proposta {{ quote_number }} está disponível para leitura e aceite até {{ valid_until }}: {{ link }}",
    ),
    t(
        "quote_sent",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "Olá, {{ customer_name }}! Sua proposta {{ quote_number }} da {{ store }} está disponível para leitura e aceite até {{ valid_until }}: {{ link }}",
    ),
    t(
        "quote_confirmation_code",
        Channel::Email,
        "pt-BR",
        "Código de confirmação da proposta {{ quote_number }}",
        "Seu código para aceitar a proposta {{ quote_number }} é {{ code }}. Ele vale por {{ minutes }} minutos.",
    ),
    t(
        "quote_confirmation_code",
        Channel::Email,
        "en",
        "Confirmation code for quote {{ quote_number }}",
        "Your code to accept quote {{ quote_number }} is {{ code }}. It is valid for {{ minutes }} minutes.",
    ),
    t(
        "quote_confirmation_code",
        Channel::Sms,
        "pt-BR",
        "",
        "Seu código para aceitar a proposta {{ quote_number }} é {{ code }}. Ele vale por {{ minutes }} minutos.",
    ),
    t(
        "quote_confirmation_code",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "Seu código para aceitar a proposta {{ quote_number }} é *{{ code }}*. Ele vale por {{ minutes }} minutos.",
    ),
    t(
        "lead_assigned",
        Channel::Email,
        "pt-BR",
        "Novo lead para você: {{ customer_name }}",
        "Olá, {{ name }}.\n\nO lead de {{ customer_name }} agora é seu{% if interest %} — interesse: {{ interest }}{% endif %}{% if source %} (origem: {{ source }}){% endif %}. Responda logo: o primeiro contato conta.\n\n{{ link }}",
    ),
    t(
        "lead_assigned",
        Channel::Email,
        "en",
        "A new lead for you: {{ customer_name }}",
        "Hello, {{ name }}.\n\nThe lead of {{ customer_name }} is now yours{% if interest %} — interested in {{ interest }}{% endif %}{% if source %} (source: {{ source }}){% endif %}. Answer soon: the first contact counts.\n\n{{ link }}",
    ),
    t(
        "approval_requested",
        Channel::Email,
        "pt-BR",
        "Aprovação de desconto pedida: proposta {{ quote_number }}",
        "Olá, {{ name }}.\n\n{{ by }} pede sua aprovação para um desconto de {{ discount }} na proposta {{ quote_number }}{% if customer_name %} de {{ customer_name }}{% endif %}.\n\n{{ link }}",
    ),
    t(
        "approval_requested",
        Channel::Email,
        "en",
        "Discount approval requested: quote {{ quote_number }}",
        "Hello, {{ name }}.\n\n{{ by }} asks you to approve a discount of {{ discount }} on quote {{ quote_number }}{% if customer_name %} for {{ customer_name }}{% endif %}.\n\n{{ link }}",
    ),
    t(
        "approval_decided",
        Channel::Email,
        "pt-BR",
        "Desconto {% if approved %}aprovado{% else %}recusado{% endif %}: proposta {{ quote_number }}",
        "Olá, {{ name }}.\n\n{{ by }} {% if approved %}aprovou{% else %}recusou{% endif %} o desconto da proposta {{ quote_number }}.{% if note %}\n\nObservação: {{ note }}{% endif %}\n\n{{ link }}",
    ),
    t(
        "approval_decided",
        Channel::Email,
        "en",
        "Discount {% if approved %}approved{% else %}declined{% endif %}: quote {{ quote_number }}",
        "Hello, {{ name }}.\n\n{{ by }} {% if approved %}approved{% else %}declined{% endif %} the discount on quote {{ quote_number }}.{% if note %}\n\nNote: {{ note }}{% endif %}\n\n{{ link }}",
    ),
    t(
        "reservation_expiring",
        Channel::Email,
        "pt-BR",
        "Reserva vencendo: {{ vehicle }}",
        "Olá, {{ name }}.\n\nA reserva do {{ vehicle }} para {{ customer_name }} vence em {{ expires }}. Depois disso o veículo volta a ficar disponível para venda.\n\n{{ link }}",
    ),
    t(
        "reservation_expiring",
        Channel::Email,
        "en",
        "Reservation ending: {{ vehicle }}",
        "Hello, {{ name }}.\n\nThe reservation of the {{ vehicle }} for {{ customer_name }} ends at {{ expires }}. After that the vehicle is for sale again.\n\n{{ link }}",
    ),
    t(
        "vehicle_offer",
        Channel::Email,
        "pt-BR",
        "{{ vehicle }} por {{ price }} — {{ store }}",
        "Olá, {{ customer_name }}.\n\nChegou o {{ vehicle }}, por {{ price }}, e lembramos de você. Veja fotos e condições:\n\n{{ link }}\n\n{{ store }}\n\nPara não receber mais ofertas por e-mail: {{ opt_out_link }}",
    ),
    t(
        "vehicle_offer",
        Channel::Email,
        "en",
        "{{ vehicle }} for {{ price }} — {{ store }}",
        "Hello, {{ customer_name }}.\n\nThe {{ vehicle }} has arrived, for {{ price }}, and we thought of you. See photos and terms:\n\n{{ link }}\n\n{{ store }}\n\nTo stop receiving offers by e-mail: {{ opt_out_link }}",
    ),
    t(
        "vehicle_offer",
        Channel::Sms,
        "pt-BR",
        "",
        "{{ store }}: {{ vehicle }} por {{ price }}. Veja: {{ link }} Para não receber mais, responda SAIR.",
    ),
    t(
        "vehicle_offer",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "Olá, {{ customer_name }}! Chegou o {{ vehicle }}, por {{ price }}: {{ link }}\nPara não receber mais ofertas, responda SAIR.",
    ),
    t(
        "opt_out_confirmed",
        Channel::Sms,
        "pt-BR",
        "",
        "{{ tenant }}: pronto, você não receberá mais ofertas por SMS. Mensagens sobre seus pedidos e propostas continuam.",
    ),
    t(
        "opt_out_confirmed",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "Pronto: você não receberá mais ofertas da {{ tenant }} por WhatsApp. Mensagens sobre seus pedidos e propostas continuam.",
    ),
    t("conversation_reply", Channel::Whatsapp, "pt-BR", "", "{{ text }}"),
    t(
        "conversation_follow_up",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "Olá, {{ customer_name }}! Aqui é {{ name }}, da {{ store }}. Podemos continuar nossa conversa?",
    ),
    t(
        "conversation_follow_up",
        Channel::Whatsapp,
        "en",
        "",
        "Hello, {{ customer_name }}! This is {{ name }}, from {{ store }}. Shall we pick up our conversation?",
    ),
    t(
        "channel_test",
        Channel::Sms,
        "pt-BR",
        "",
        "{{ tenant }}: teste de envio de SMS pelo Innexar. Se você recebeu, o canal está funcionando.",
    ),
    t(
        "channel_test",
        Channel::Whatsapp,
        "pt-BR",
        "",
        "{{ tenant }}: teste de envio de WhatsApp pelo Innexar. Se você recebeu, o canal está funcionando.",
    ),
];

/// A kind's WhatsApp words as a template to register with Meta: business-initiated messages go
/// only by approved templates, their variables numbered in the order they first appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatsappForm {
    pub kind: String,
    pub language: String,
    pub body: String,
    pub parameters: Vec<String>,
}

/// `{{ name }}` spans of a template, when it holds nothing but plain variables.
fn variables_of(body: &str) -> Option<Vec<(usize, usize, &str)>> {
    if body.contains("{%") || body.contains("{#") {
        return None;
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = body[from..].find("{{").map(|i| i + from) {
        let end = body[start..].find("}}").map(|i| i + start)?;
        let name = body[start + 2..end].trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        out.push((start, end + 2, name));
        from = end + 2;
    }
    Some(out)
}

/// The WhatsApp template form of `body` (the kind's words, the tenant's or the default).
pub fn whatsapp_form(kind: &str, language: &str, body: &str) -> Option<WhatsappForm> {
    let spans = variables_of(body)?;
    let mut parameters: Vec<String> = Vec::new();
    let mut numbered = String::new();
    let mut at = 0;
    for (start, end, name) in spans {
        let n = match parameters.iter().position(|p| p == name) {
            Some(i) => i + 1,
            None => {
                parameters.push(name.to_string());
                parameters.len()
            }
        };
        numbered.push_str(&body[at..start]);
        numbered.push_str(&format!("{{{{{n}}}}}"));
        at = end;
    }
    numbered.push_str(&body[at..]);
    Some(WhatsappForm { kind: kind.to_string(), language: language.to_string(), body: numbered, parameters })
}

/// Kinds that go only as answers within the person's 24-hour window: free text, never a
/// template to register.
pub const REPLIES: &[&str] = &["opt_out_confirmed", "conversation_reply"];

/// The default templates to register with Meta: one per kind that goes by WhatsApp.
pub fn whatsapp_templates() -> Vec<WhatsappForm> {
    DEFAULTS
        .iter()
        .filter(|t| t.channel == Channel::Whatsapp && !REPLIES.contains(&t.kind))
        .filter_map(|t| whatsapp_form(t.kind, t.language, t.body))
        .collect()
}

/// The values of a WhatsApp template's parameters, in their order, from `params`.
pub fn whatsapp_parameters(form: &WhatsappForm, params: &serde_json::Value) -> Option<Vec<String>> {
    let env = text_env();
    form.parameters.iter().map(|p| env.render_str(&format!("{{{{ {p} }}}}"), params).ok()).collect()
}

/// The template for a kind on a channel in a language: that language's, else pt-BR's.
pub fn default_for(kind: &str, channel: Channel, language: &str) -> Option<&'static Template> {
    let of = |lang: &str| DEFAULTS.iter().find(|t| t.kind == kind && t.channel == channel && t.language == lang);
    of(language).or_else(|| of("pt-BR"))
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(pub String);

/// What a template renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

fn text_env() -> Environment<'static> {
    let mut env = Environment::new();
    // Plain text: nothing to escape. A variable the template names but the trigger does not
    // give is an error, not an empty hole in a customer's message.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(false);
    env
}

/// The most a tenant's template may do in one rendering (minijinja's fuel: instructions run), so a
/// loop written into one cannot hold a worker.
const FUEL: u64 = 50_000;

/// The longest text a rendering may produce.
pub const MAX_RENDERED: usize = 64 * 1024;

/// Renders `subject` and `body` with `params`.
pub fn render(subject: &str, body: &str, params: &serde_json::Value) -> Result<Rendered, RenderError> {
    let mut env = text_env();
    env.set_fuel(Some(FUEL));
    let one = |src: &str| env.render_str(src, params).map_err(|e| RenderError(describe(&e)));
    let r = Rendered {
        subject: one(subject)?.replace(['\r', '\n'], " ").trim().to_string(),
        body: one(body)?.trim().to_string(),
    };
    if r.subject.len() + r.body.len() > MAX_RENDERED {
        return Err(RenderError(format!("the text came to more than {MAX_RENDERED} bytes")));
    }
    Ok(r)
}

fn describe(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    }
}

const LAYOUT: &str = r#"<!doctype html>
<html lang="{{ language }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{ subject }}</title></head>
<body style="margin:0;padding:24px 12px;background:#f1f5f9;font-family:Arial,Helvetica,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;border:1px solid #e2e8f0">
<p style="margin:0 0 16px;font-size:13px;color:#475569">{{ sender }}</p>
{% for paragraph in paragraphs %}<p style="margin:0 0 16px;font-size:15px;line-height:1.5">{% for line in paragraph %}{% if not loop.first %}<br>{% endif %}{% for part in line %}{% if part.link %}<a href="{{ part.link }}" style="color:#1d4ed8;overflow-wrap:anywhere;word-break:break-all">{{ part.link }}</a>{% else %}{{ part.text }}{% endif %}{% endfor %}{% endfor %}</p>
{% endfor %}</div>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#475569">{{ footer }}</p>
</body>
</html>"#;

#[derive(Serialize)]
struct Part {
    text: String,
    link: Option<String>,
}

/// An e-mail's HTML part: `body` in the layout, every character escaped, each web address a
/// link.
pub fn html(subject: &str, body: &str, sender: &str, language: &str) -> Result<String, RenderError> {
    let paragraphs: Vec<Vec<Vec<Part>>> =
        body.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| p.lines().map(parts).collect()).collect();
    let footer =
        if language == "en" { "An automatic message from Innexar." } else { "Mensagem automática do Innexar." };
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.render_str(LAYOUT, minijinja::context! { subject, paragraphs, sender, language, footer })
        .map_err(|e| RenderError(describe(&e)))
}

fn parts(line: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut text = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let link = word.starts_with("https://") || word.starts_with("http://");
        if link {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            out.push(Part { text: std::mem::take(&mut text), link: None });
            out.push(Part { text: String::new(), link: Some(trimmed.to_string()) });
            text.push_str(&word[trimmed.len()..]);
        } else {
            text.push_str(word);
        }
    }
    out.push(Part { text, link: None });
    out.retain(|p| p.link.is_some() || !p.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_names_a_known_kind_and_only_its_variables() {
        for t in DEFAULTS {
            let k = kind(t.kind).unwrap_or_else(|| panic!("{} has no kind", t.kind));
            let params: serde_json::Map<String, serde_json::Value> =
                k.variables.iter().map(|v| (v.to_string(), serde_json::Value::from("x"))).collect();
            render(t.subject, t.body, &serde_json::Value::Object(params))
                .unwrap_or_else(|e| panic!("{} {} {}: {e}", t.kind, t.channel, t.language));
        }
        for k in KINDS {
            assert!(
                Channel::ALL.iter().any(|c| default_for(k.key, *c, "pt-BR").is_some()),
                "{} has no words in pt-BR",
                k.key
            );
        }
    }

    #[test]
    fn whatsapp_templates_number_their_variables_in_order() {
        let forms = whatsapp_templates();
        let quote = forms.iter().find(|f| f.kind == "quote_sent").unwrap().clone();
        assert_eq!(quote.parameters, ["customer_name", "quote_number", "store", "valid_until", "link"]);
        assert_eq!(
            quote.body,
            "Olá, {{1}}! Sua proposta {{2}} da {{3}} está disponível para leitura e aceite até {{4}}: {{5}}"
        );
        let values = whatsapp_parameters(
            &quote,
            &serde_json::json!({"customer_name": "Ana", "quote_number": "PR-00012", "store": "Centro",
                "valid_until": "12/03/2026", "link": "https://demo/p/x", "tenant": "Demo"}),
        );
        assert_eq!(values.unwrap(), ["Ana", "PR-00012", "Centro", "12/03/2026", "https://demo/p/x"]);
        assert_eq!(whatsapp_parameters(&quote, &serde_json::json!({"customer_name": "Ana"})), None);
        assert!(forms.iter().all(|f| !f.body.contains("{{ ")), "every variable numbered");
    }

    #[test]
    fn a_missing_variable_is_an_error_not_a_hole() {
        let t = default_for("password_reset", Channel::Email, "pt-BR").unwrap();
        let err = render(t.subject, t.body, &serde_json::json!({"name": "Ana", "tenant": "Loja"})).unwrap_err();
        assert!(err.0.contains("undefined"), "{err}");
    }

    #[test]
    fn falls_back_to_portuguese() {
        assert_eq!(default_for("quote_sent", Channel::Sms, "en").unwrap().language, "pt-BR");
        assert_eq!(default_for("quote_sent", Channel::Email, "en").unwrap().language, "en");
    }

    #[test]
    fn the_html_part_escapes_and_links() {
        let h = html("Oi", "Olá, <b>Ana</b> & cia.\n\nAbra https://loja.innexar.app/p/abc. Obrigado", "Loja", "pt-BR")
            .unwrap();
        assert!(
            h.contains("Olá, &lt;b&gt;Ana&lt;&#x2f;b&gt; &amp; cia.")
                || h.contains("Olá, &lt;b&gt;Ana&lt;/b&gt; &amp; cia."),
            "{h}"
        );
        assert!(
            h.contains(r#"<a href="https:&#x2f;&#x2f;loja.innexar.app&#x2f;p&#x2f;abc""#)
                || h.contains(r#"<a href="https://loja.innexar.app/p/abc""#),
            "{h}"
        );
        assert!(h.contains("</a>. Obrigado"), "{h}");
    }
}
