//! The repair prompt: hands a model the exact errors of its previous answer.
//!
//! The repair loop itself (how many rounds, what to keep) belongs to the pipeline.

use crate::message::Message;

/// A user message asking the model to fix its previous answer, listing each error verbatim.
///
/// Send it after the model's answer (as an assistant message) so the model sees both.
pub fn repair_message(errors: &[String]) -> Message {
    let mut text = String::from(
        "Your previous answer could not be used. Fix these problems and answer again with only \
         the corrected JSON, no prose and no code fences:\n",
    );
    if errors.is_empty() {
        text.push_str("- the answer was not valid JSON\n");
    }
    for error in errors {
        text.push_str("- ");
        text.push_str(error.trim());
        text.push('\n');
    }
    Message::user(text)
}
