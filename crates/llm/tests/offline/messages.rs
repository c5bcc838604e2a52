//! Messages on the wire, the repair prompt, secrets, refusal detection and usage parsing.

use relayout_llm::refusal::looks_like_refusal;
use relayout_llm::{ContentPart, ImagePart, Message, Role, Secret, Usage, repair_message};
use serde_json::json;

#[test]
fn text_only_messages_are_plain_strings_on_the_wire() {
    let m = Message::user("hello");
    assert_eq!(m.to_wire(), json!({ "role": "user", "content": "hello" }));
}

#[test]
fn images_are_data_url_parts_and_can_be_replaced_by_a_note() {
    let m = Message::user("look").with_image(ImagePart::png(b"abc"));
    assert_eq!(
        m.to_wire(),
        json!({ "role": "user", "content": [
            { "type": "text", "text": "look" },
            { "type": "image_url", "image_url": { "url": "data:image/png;base64,YWJj", "detail": "auto" } },
        ] })
    );
    let stripped = m.without_images();
    assert_eq!(stripped.image_count(), 0);
    assert_eq!(stripped.role, Role::User);
    assert!(
        matches!(&stripped.content[1], ContentPart::Text { text } if text.contains("image omitted"))
    );
}

#[test]
fn the_repair_prompt_lists_every_error_verbatim() {
    let errors = vec![
        "`$.objects[0].id`: expected string, got integer 3".to_owned(),
        "missing field `poses`".to_owned(),
    ];
    let m = repair_message(&errors);
    assert_eq!(m.role, Role::User);
    let text = m.joined_text();
    assert!(
        text.contains(
            "\n- `$.objects[0].id`: expected string, got integer 3\n- missing field `poses`\n"
        ),
        "{text}"
    );
}

#[test]
fn secrets_print_redacted() {
    let s = Secret::new("sk-very-secret");
    assert_eq!(format!("{s:?}"), "Secret(***)");
    assert_eq!(s.expose(), "sk-very-secret");
}

#[test]
fn refusals_are_recognised_but_ordinary_answers_are_not() {
    assert!(looks_like_refusal("I’m sorry, but I can’t help with that."));
    assert!(looks_like_refusal(
        "  As an AI language model, I cannot arrange furniture."
    ));
    assert!(!looks_like_refusal(
        "The sofa faces the TV; the lamp sits beside it."
    ));
    // A refusal phrase deep inside a long answer is not a refusal.
    let long = format!(
        "{}I cannot fit the piano.",
        "The bed goes by the window. ".repeat(10)
    );
    assert!(!looks_like_refusal(&long));
}

#[test]
fn usage_reads_details_and_fills_a_missing_total() {
    let raw = json!({ "usage": {
        "prompt_tokens": 100, "completion_tokens": 40,
        "completion_tokens_details": { "reasoning_tokens": 25 },
        "prompt_tokens_details": { "cached_tokens": 64 }
    } });
    let u = Usage::from_response(&raw).unwrap();
    assert_eq!(
        u,
        Usage {
            prompt_tokens: 100,
            completion_tokens: 40,
            total_tokens: 140,
            reasoning_tokens: 25,
            cached_prompt_tokens: 64
        }
    );
    assert_eq!(Usage::from_response(&json!({ "usage": null })), None);
    let mut sum = u;
    sum += u;
    assert_eq!(sum.total_tokens, 280);
}
