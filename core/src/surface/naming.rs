//! The naming rule of decision 0019 as code: one name per concept, snake_case in core, cased by
//! each language's convention. The generator (`tools/surface`) and the bindings that re-case
//! names at run time use these, so the rule is written once.

/// `some_name` → `someName` (a dotted name part by part: `some.inner_name` → `some.innerName`).
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    push_camel(&mut out, snake);
    out
}

/// [`camel`], appended to `out` (no allocation of its own).
pub fn push_camel(out: &mut String, snake: &str) {
    if snake.is_ascii() {
        // Every name of the surface: a piece at a time (char by char cost as much as writing
        // the rest of a result's JSON, measured on a 50-record page).
        let mut parts = snake.split('_');
        out.push_str(parts.next().unwrap_or_default());
        for part in parts.filter(|p| !p.is_empty()) {
            out.push(char::from(part.as_bytes()[0].to_ascii_uppercase()));
            out.push_str(&part[1..]);
        }
        return;
    }
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
}

/// `some_name` → `SomeName`.
pub fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut chars = c.chars();
    chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `someName` or `SomeName` → `some_name`.
pub fn snake(cased: &str) -> String {
    let mut out = String::with_capacity(cased.len() + 4);
    for (i, c) in cased.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_between_cases() {
        assert_eq!(camel("invoice_amount"), "invoiceAmount");
        assert_eq!(camel("payer.payer_type"), "payer.payerType");
        assert_eq!(pascal("get_rate"), "GetRate");
        assert_eq!(snake("invoiceAmount"), "invoice_amount");
        assert_eq!(snake("GetRate"), "get_rate");
        assert_eq!(snake(&camel("retry_base_delay_ms")), "retry_base_delay_ms");
        for (snake_case, cased) in [("a__b", "aB"), ("a_", "a"), ("_x", "X"), ("x_1y", "x1y"), ("é_é", "éÉ")] {
            assert_eq!(camel(snake_case), cased, "{snake_case}");
        }
    }
}
