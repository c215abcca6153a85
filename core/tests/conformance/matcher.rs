//! Subset matching of a canonical result against a scenario's expectation.

use serde_json::Value;

/// `Ok(())` when `actual` matches `expected`; otherwise where and why not.
pub fn matches(expected: &Value, actual: Option<&Value>, path: &str) -> Result<(), String> {
    let actual_or_null = actual.unwrap_or(&Value::Null);
    if let Value::Object(exp) = expected {
        if let Some(n) = exp.get("$len") {
            let len = match actual_or_null {
                Value::Array(a) => a.len(),
                Value::Object(o) => o.len(),
                _ => return Err(format!("{path}: expected a list, got {actual_or_null}")),
            };
            return if Some(len as u64) == n.as_u64() { Ok(()) } else { Err(format!("{path}: expected {n} items, got {len}")) };
        }
        if let Some(p) = exp.get("$present") {
            let present = !actual_or_null.is_null();
            return if Value::Bool(present) == *p { Ok(()) } else { Err(format!("{path}: presence expected {p}, value {actual_or_null}")) };
        }
        let obj = actual_or_null
            .as_object()
            .ok_or_else(|| format!("{path}: expected an object, got {actual_or_null}"))?;
        for (k, v) in exp {
            matches(v, obj.get(k), &format!("{path}.{k}"))?;
        }
        return Ok(());
    }
    if let Value::Array(exp) = expected {
        let act = actual_or_null.as_array().ok_or_else(|| format!("{path}: expected a list, got {actual_or_null}"))?;
        if act.len() != exp.len() {
            return Err(format!("{path}: expected {} items, got {}", exp.len(), act.len()));
        }
        for (i, (e, a)) in exp.iter().zip(act).enumerate() {
            matches(e, Some(a), &format!("{path}.{i}"))?;
        }
        return Ok(());
    }
    let equal = match (expected, actual_or_null) {
        (Value::Number(e), Value::Number(a)) => match (e.as_i64(), a.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => e.to_string() == a.to_string(),
        },
        (e, a) => e == a,
    };
    if equal { Ok(()) } else { Err(format!("{path}: expected {expected}, got {actual_or_null}")) }
}

/// The value at a dotted path (`currencies.0.currency`).
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, part| match v {
        Value::Object(o) => o.get(part),
        Value::Array(a) => part.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}
