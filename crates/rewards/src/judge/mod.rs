//! The render reward: a VLM judge grades the judge views (a top plan and two perspectives,
//! rendered by the binary) with a rubric asking for R³L's three scores (realism, functionality,
//! instruction following) and MetaSpatial's five aspects, each 1–10 or unknown.
//!
//! The judge is any OpenAI-compatible server with a vision model ([`relayout_llm::LlmClient`]).
//! Its answer is read leniently ([`parse`]); several samples can be averaged, as MetaSpatial
//! does. The render reward is MetaSpatial's: the five grades' sum over 50.

pub mod parse;
pub mod scores;

use futures_util::future::join_all;
use relayout_llm::{CancellationToken, ChatRequest, ImagePart, LlmClient, LlmError, Message};

use crate::prompts::PromptError;

pub use parse::{AnswerError, GradeError, ParsedAnswer, parse_answer};
pub use scores::{Grade, JudgeScores, METASPATIAL_ASPECTS, R3L_ASPECTS, render_reward};

/// One rendered view sent to the judge.
#[derive(Clone, Debug)]
pub struct View {
    /// Its name, e.g. `top`.
    pub name: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
}

/// Why the judge gave no scores.
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    /// No view to judge.
    #[error("judge: no rendered view to grade")]
    NoViews,
    /// Every sample's call failed; the last error.
    #[error("judge: the call failed: {0}")]
    Call(#[source] LlmError),
    /// Every sample's answer was unreadable; why, for the last one.
    #[error("judge: unreadable answer: {0}")]
    Unreadable(#[source] AnswerError),
    /// The rubric template failed to render.
    #[error("judge: {0}")]
    Prompt(#[from] PromptError),
}

/// A VLM judge.
#[derive(Clone)]
pub struct Judge {
    client: LlmClient,
    samples: usize,
}

impl Judge {
    /// A judge asking `client`'s model `samples` times (at least once) per layout.
    pub fn new(client: LlmClient, samples: usize) -> Self {
        Judge {
            client,
            samples: samples.max(1),
        }
    }

    /// The judge in words: its model and samples (never its server's key).
    pub fn describe(&self) -> String {
        let n = self.samples;
        format!(
            "{} ({n} sample{} per layout)",
            self.client.config().model,
            if n == 1 { "" } else { "s" }
        )
    }

    /// The request sent for one sample (the rubric is `prompts/judge.jinja`).
    pub fn request(instruction: &str, views: &[View]) -> Result<ChatRequest, PromptError> {
        let text = crate::prompts::render(
            "judge",
            minijinja::context! { instruction => instruction.trim() },
        )?;
        let mut msg = Message::user(text);
        for v in views {
            msg = msg.with_image(ImagePart::png(&v.png));
        }
        Ok(ChatRequest::new(vec![msg]))
    }

    /// Grades the views of a layout made for `instruction`. The samples run concurrently;
    /// failed or unreadable samples are noted and left out of the mean.
    pub async fn judge(
        &self,
        instruction: &str,
        views: &[View],
        cancel: &CancellationToken,
    ) -> Result<JudgeScores, JudgeError> {
        if views.is_empty() {
            return Err(JudgeError::NoViews);
        }
        let req = Self::request(instruction, views)?;
        let answers = join_all((0..self.samples).map(|_| self.client.chat(&req, cancel))).await;
        let mut parsed = Vec::new();
        let mut notes = Vec::new();
        let mut last_call_error = None;
        let mut last_unreadable = None;
        for (k, a) in answers.into_iter().enumerate() {
            match a {
                Ok(resp) => match parse_answer(&resp.text) {
                    Ok(p) => parsed.push(p),
                    Err(why) => {
                        notes.push(format!("sample {k}: {why}"));
                        last_unreadable = Some(why);
                    }
                },
                Err(e) => {
                    notes.push(format!("sample {k}: {e}"));
                    last_call_error = Some(e);
                }
            }
        }
        if parsed.is_empty() {
            return Err(match (last_unreadable, last_call_error) {
                (Some(why), _) => JudgeError::Unreadable(why),
                (None, Some(e)) => JudgeError::Call(e),
                (None, None) => JudgeError::NoViews,
            });
        }
        Ok(combine(parsed, notes))
    }
}

/// Averages parsed samples (at least one, each with the fixed aspects) into scores.
fn combine(parsed: Vec<ParsedAnswer>, mut notes: Vec<String>) -> JudgeScores {
    let samples = parsed.len();
    let mean = |pick: &dyn Fn(&ParsedAnswer) -> &Vec<Grade>| -> Vec<Grade> {
        let first = pick(&parsed[0]);
        (0..first.len())
            .map(|i| {
                let xs: Vec<f64> = parsed.iter().filter_map(|p| pick(p)[i].grade).collect();
                let m = (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
                let std = m.map_or(0.0, |m| {
                    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt()
                });
                Grade {
                    aspect: first[i].aspect.clone(),
                    grade: m,
                    std,
                    comment: parsed
                        .iter()
                        .rev()
                        .map(|p| pick(p)[i].comment.clone())
                        .find(|c| !c.is_empty())
                        .unwrap_or_default(),
                }
            })
            .collect()
    };
    let r3l = mean(&|p| &p.r3l);
    let metaspatial = mean(&|p| &p.metaspatial);
    for p in &parsed {
        notes.extend(p.notes.iter().cloned());
    }
    notes.dedup();
    let reward = render_reward(&metaspatial).unwrap_or_else(|| {
        notes.push("none of MetaSpatial's five aspects was graded: render reward 0".into());
        0.0
    });
    JudgeScores {
        r3l,
        metaspatial,
        reward,
        samples,
        notes,
    }
}
