//! Chat messages: roles, text parts and images, and their OpenAI wire form.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Who speaks a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions to the model.
    System,
    /// The user's turn.
    User,
    /// The model's earlier answer (for multi-turn prompts such as repairs).
    Assistant,
}

/// How much detail a vision model should spend on an image (OpenAI's `detail`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageDetail {
    /// Let the server choose.
    #[default]
    Auto,
    /// Low resolution, cheap.
    Low,
    /// Full resolution.
    High,
}

/// An image sent inline as a base64 data URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagePart {
    /// MIME type, `image/png` for the renders this project sends.
    pub mime: String,
    /// The image bytes, base64 (standard alphabet, padded).
    pub data_base64: String,
    /// Detail hint for the server.
    #[serde(default)]
    pub detail: ImageDetail,
}

impl ImagePart {
    /// A PNG image from its encoded bytes.
    pub fn png(bytes: &[u8]) -> Self {
        Self {
            mime: "image/png".to_owned(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            detail: ImageDetail::Auto,
        }
    }

    /// The `data:` URL the OpenAI API expects in `image_url.url`.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, self.data_base64)
    }
}

/// One part of a message's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentPart {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// An image, for vision models.
    Image(ImagePart),
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Who speaks.
    pub role: Role,
    /// Text and image parts, in order.
    pub content: Vec<ContentPart>,
}

/// Text that replaces an image when a server refuses images.
pub const IMAGE_OMITTED: &str = "[image omitted: this server does not accept images]";

impl Message {
    /// A message with one text part.
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        Self {
            role,
            content: vec![ContentPart::Text { text: text.into() }],
        }
    }

    /// A system message.
    pub fn system(text: impl Into<String>) -> Self {
        Self::text(Role::System, text)
    }

    /// A user message.
    pub fn user(text: impl Into<String>) -> Self {
        Self::text(Role::User, text)
    }

    /// An assistant message (an earlier answer, e.g. before a repair prompt).
    pub fn assistant(text: impl Into<String>) -> Self {
        Self::text(Role::Assistant, text)
    }

    /// Appends an image part.
    pub fn with_image(mut self, image: ImagePart) -> Self {
        self.content.push(ContentPart::Image(image));
        self
    }

    /// Number of image parts.
    pub fn image_count(&self) -> usize {
        self.content
            .iter()
            .filter(|p| matches!(p, ContentPart::Image(_)))
            .count()
    }

    /// Characters in the text parts (images not counted), for estimating a prompt's tokens.
    pub fn text_chars(&self) -> usize {
        self.content
            .iter()
            .map(|p| match p {
                ContentPart::Text { text } => text.chars().count(),
                ContentPart::Image(_) => 0,
            })
            .sum()
    }

    /// The text parts joined by newlines.
    pub fn joined_text(&self) -> String {
        self.content
            .iter()
            .filter_map(|p| match p {
                ContentPart::Text { text } => Some(text.as_str()),
                ContentPart::Image(_) => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The same message with every image replaced by the [`IMAGE_OMITTED`] note, so the model
    /// knows an image was meant to be there.
    pub fn without_images(&self) -> Self {
        let content = self
            .content
            .iter()
            .map(|p| match p {
                ContentPart::Image(_) => ContentPart::Text {
                    text: IMAGE_OMITTED.to_owned(),
                },
                text => text.clone(),
            })
            .collect();
        Self {
            role: self.role,
            content,
        }
    }

    /// The OpenAI chat-completions form: a plain string when the message is text only (every
    /// server accepts that), an array of `text` / `image_url` parts otherwise.
    pub fn to_wire(&self) -> Value {
        let content = if self.image_count() == 0 {
            Value::String(self.joined_text())
        } else {
            Value::Array(
                self.content
                    .iter()
                    .map(|p| match p {
                        ContentPart::Text { text } => json!({ "type": "text", "text": text }),
                        ContentPart::Image(img) => json!({
                            "type": "image_url",
                            "image_url": { "url": img.data_url(), "detail": img.detail },
                        }),
                    })
                    .collect(),
            )
        };
        json!({ "role": self.role, "content": content })
    }
}
