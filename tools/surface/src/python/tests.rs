use super::*;

#[test]
fn every_call_is_a_method_and_every_result_a_model() {
    let surface = Surface::read(&forumpay::surface::schema());
    let files = outputs(&surface);
    let client = &files.iter().find(|o| o.path.ends_with("_client.py")).unwrap().content;
    for call in surface.calls.iter().chain(&surface.streams) {
        assert_eq!(client.matches(&format!("def {}(", call.name)).count(), 2, "{} in both clients", call.name);
    }
    for call in &surface.calls {
        let typed = format!("def decode_answer(call: Literal[{:?}]", call.name);
        assert_eq!(client.contains(&typed), call.decodes, "{}", call.name);
    }
    let models = &files.iter().find(|o| o.path.ends_with("models.py")).unwrap().content;
    assert!(models.contains("class PaymentUpdate(Model):") && models.contains("(\"observed_at\", \"datetime\")"));
    assert!(models.contains("(\"status\", (\"model\", \"PaymentStatus\"))"));
    let errors = &files.iter().find(|o| o.path.ends_with("_errors.py")).unwrap().content;
    assert!(errors.contains("class OutcomeUnknownError(ForumPayError):"));
    assert!(errors.contains("class TimeoutError(ForumPayError, builtins.TimeoutError):"));
    assert_eq!(outputs(&surface).iter().map(|o| o.content.clone()).collect::<Vec<_>>(), files.iter().map(|o| o.content.clone()).collect::<Vec<_>>());
}

#[test]
fn docstrings_are_escaped() {
    assert_eq!(docstring("a \"\"\" b\\", "    "), "    \"\"\"a \\\"\\\"\\\" b\\\\\"\"\"\n");
    assert_eq!(docstring("", "    "), "");
}
