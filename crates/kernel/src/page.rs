use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{AppError, FieldError};

pub const DEFAULT_PAGE_SIZE: u64 = 25;
pub const MAX_PAGE_SIZE: u64 = 100;

/// `?page=1&pageSize=25&sort=-createdAt`: the one list convention of the API. Pages count from 1;
/// `sort` is a comma-separated list of fields, `-` for descending.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// Comma-separated fields, `-` prefix for descending, e.g. `-price,year`. Each list states
    /// its own fields in the document (`sort_schema`).
    #[param(ignore)]
    pub sort: Option<String>,
}

/// The `sort` parameter as [`PageParams::validate`] reads it: fields of `sortable` (optionally
/// `-` or `+` first), separated by commas, blanks around each and empty ones ignored.
pub fn sort_pattern(sortable: &[&str]) -> String {
    // Blanks that trim removes and the query string lets through (control characters it refuses).
    const BLANK: &str = "[ \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*";
    let element = format!("{BLANK}([-+]?({}))?{BLANK}", sortable.join("|"));
    format!("^({element},)*{element}$")
}

/// The schema of a list's `sort` parameter.
pub fn sort_schema(sortable: &[&str]) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(sort_pattern(sortable)))
        .description(Some(format!(
            "Comma-separated fields, `-` first for descending: {}",
            sortable.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        )))
        .build()
}

/// A validated page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub page_size: u64,
    pub sort: Vec<SortKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

impl PageRequest {
    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.page_size
    }
}

impl PageParams {
    /// Validates against the resource's sortable fields.
    pub fn validate(&self, sortable: &[&str]) -> Result<PageRequest, AppError> {
        let mut errors = Vec::new();
        let page = self.page.unwrap_or(1);
        if page == 0 || page > 1_000_000 {
            errors.push(FieldError::new("/page", "page.out_of_range", "page must be between 1 and 1000000"));
        }
        let page_size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            errors.push(FieldError::new(
                "/pageSize",
                "page.size_out_of_range",
                format!("pageSize must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        let mut sort = Vec::new();
        if let Some(spec) = &self.sort {
            for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (descending, field) = match part.strip_prefix('-') {
                    Some(f) => (true, f),
                    None => (false, part.strip_prefix('+').unwrap_or(part)),
                };
                if sortable.contains(&field) {
                    sort.push(SortKey { field: field.to_string(), descending });
                } else {
                    errors.push(FieldError::new(
                        "/sort",
                        "page.unknown_sort_field",
                        format!("cannot sort by '{field}'; sortable fields: {}", sortable.join(", ")),
                    ));
                }
            }
        }
        if errors.is_empty() { Ok(PageRequest { page, page_size, sort }) } else { Err(AppError::validation(errors)) }
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub page_size: u64,
    /// Items matching the filters across all pages; with `totalExact` false, at least this many.
    pub total: u64,
    /// False when `total` is a lower bound: a list may stop counting broad matches (a text search
    /// over the stock counts up to 1,000) because an exact count of thousands costs more than the
    /// page itself.
    pub total_exact: bool,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, request: &PageRequest, total: u64) -> Self {
        Page { items, page: request.page, page_size: request.page_size, total, total_exact: true }
    }

    /// A page whose `total` may be a lower bound (`exact` false).
    pub fn with_total(items: Vec<T>, request: &PageRequest, total: u64, exact: bool) -> Self {
        Page { total_exact: exact, ..Page::new(items, request, total) }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            page_size: self.page_size,
            total: self.total,
            total_exact: self.total_exact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_caps_the_page_size() {
        let p = PageParams::default().validate(&[]).expect("valid");
        assert_eq!((p.page, p.page_size), (1, DEFAULT_PAGE_SIZE));
        let err = PageParams { page_size: Some(101), ..Default::default() }.validate(&[]).expect_err("too big");
        assert_eq!(err.code, "validation.failed");
        assert_eq!(err.errors[0].pointer, "/pageSize");
    }

    #[test]
    fn parses_sort_keys_and_refuses_unknown_fields() {
        let p = PageParams { sort: Some("-price,year".into()), ..Default::default() }
            .validate(&["price", "year"])
            .expect("valid");
        assert_eq!(
            p.sort,
            vec![
                SortKey { field: "price".into(), descending: true },
                SortKey { field: "year".into(), descending: false }
            ]
        );
        let err = PageParams { sort: Some("password".into()), ..Default::default() }
            .validate(&["price"])
            .expect_err("unknown");
        assert_eq!(err.errors[0].code, "page.unknown_sort_field");
    }
}
