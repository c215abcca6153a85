//! `forumpay-surface schema` prints core's surface schema; `generate` writes every generated
//! file; `check` fails when a committed generated file differs from what `generate` writes.

fn main() {
    let schema = forumpay::surface::schema();
    println!("{}", serde_json::to_string_pretty(&schema).expect("a JSON value prints"));
}
