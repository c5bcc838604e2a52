//! Finding JSON in plain-text answers.

use relayout_llm::{JsonSource, extract_json};
use serde_json::json;

fn found(text: &str) -> (serde_json::Value, JsonSource) {
    extract_json(text).unwrap_or_else(|e| panic!("no JSON in {text:?}: {e}"))
}

fn error(text: &str) -> String {
    extract_json(text).unwrap_err().to_string()
}

#[test]
fn a_bare_answer_is_whole() {
    assert_eq!(found("  [1, 2]\n"), (json!([1, 2]), JsonSource::Whole));
}

#[test]
fn fenced_blocks_win_over_prose_and_the_first_valid_block_is_taken() {
    let text = "Plan:\n```\nnot json\n```\nAnswer:\n```json\n{\"a\": {\"b\": [1]}}\n```\n```json\n{\"a\": 2}\n```";
    assert_eq!(
        found(text),
        (json!({ "a": { "b": [1] } }), JsonSource::Fenced)
    );
}

#[test]
fn an_answer_tag_is_where_the_json_is() {
    let text =
        "Reasoning: the bed {big} goes left.\n<answer>\n```json\n{\"bed\": \"L\"}\n```\n</answer>";
    assert_eq!(found(text), (json!({ "bed": "L" }), JsonSource::AnswerTag));
}

#[test]
fn an_answer_tag_without_json_is_an_error_even_if_the_reasoning_has_some() {
    let message = error("I considered {\"x\": 1}.\n<answer>none</answer>");
    assert!(message.starts_with("in <answer>…</answer>:"), "{message}");
}

#[test]
fn think_blocks_are_skipped() {
    let text = "<think>maybe {\"wrong\": true}?</think>\n{\"right\": true}";
    assert_eq!(found(text), (json!({ "right": true }), JsonSource::Whole));
}

#[test]
fn the_longest_balanced_value_in_prose_is_taken() {
    // "[1]" parses too, but is a citation, not the answer.
    let text =
        "As noted in [1], the layout is {\"objects\": [{\"id\": \"a\"}], \"ok\": true}. Done.";
    assert_eq!(
        found(text),
        (
            json!({ "objects": [{ "id": "a" }], "ok": true }),
            JsonSource::Balanced
        )
    );
}

#[test]
fn brackets_inside_strings_do_not_confuse_the_scan() {
    let text = r#"Result: {"note": "use } and ] freely \" {", "n": 1} end"#;
    assert_eq!(
        found(text),
        (
            json!({ "note": "use } and ] freely \" {", "n": 1 }),
            JsonSource::Balanced
        )
    );
}

#[test]
fn invalid_json_quotes_serde() {
    let message = error("Here: {\"a\": 1,}");
    assert_eq!(message, "invalid JSON: trailing comma at line 1 column 9");
    let message = error("```json\n{\"a\": tru}\n```");
    assert!(
        message.starts_with("invalid JSON in ```json block: expected ident at line 1 column"),
        "{message}"
    );
}

#[test]
fn a_cut_off_value_says_so() {
    let message = error("Sure: {\"objects\": [{\"id\": \"bed\"}, {\"id\": \"la");
    assert!(
        message.starts_with("the JSON starting at byte 6 is never closed"),
        "{message}"
    );
}

#[test]
fn no_json_and_empty_answers_say_so() {
    assert_eq!(
        error("I would put the bed by the window."),
        "the answer contains no JSON object or array"
    );
    assert_eq!(error("  \n"), "the answer is empty");
}
