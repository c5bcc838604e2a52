//! The judge's scores: R³L's three and MetaSpatial's five aspects, each 1–10 or unknown.

use serde::{Deserialize, Serialize};

/// R³L's three aspects, in the order the rubric lists them.
pub const R3L_ASPECTS: [&str; 3] = ["realism", "functionality", "instruction_following"];

/// MetaSpatial's five aspects, in the order its rubric lists them.
pub const METASPATIAL_ASPECTS: [&str; 5] = [
    "realism_and_3d_geometric_consistency",
    "functionality_and_activity_based_alignment",
    "layout_and_furniture",
    "color_scheme_and_material_choices",
    "overall_aesthetic_and_atmosphere",
];

/// One aspect's grade.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Grade {
    /// The aspect's name (one of [`R3L_ASPECTS`] or [`METASPATIAL_ASPECTS`]).
    pub aspect: String,
    /// 1–10; `None` when the judge said "unknown", left it out or gave no usable number. With
    /// several samples, their mean.
    pub grade: Option<f64>,
    /// The standard deviation over the samples that graded it (0 with one sample).
    pub std: f64,
    /// The judge's comment (the last sample's).
    pub comment: String,
}

/// What a VLM judge said of a layout's renders.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct JudgeScores {
    /// R³L's realism, functionality and instruction following.
    pub r3l: Vec<Grade>,
    /// MetaSpatial's five aspects.
    pub metaspatial: Vec<Grade>,
    /// The render reward in [0, 1]: MetaSpatial's sum of its five grades over 50, taken over
    /// the aspects graded (their mean over 10) when some are unknown.
    pub reward: f64,
    /// How many judge answers were averaged.
    pub samples: usize,
    /// What was odd in the answers (an aspect left out, a grade out of range, …).
    pub notes: Vec<String>,
}

impl JudgeScores {
    /// The grade of an aspect, by name.
    pub fn grade(&self, aspect: &str) -> Option<f64> {
        self.r3l
            .iter()
            .chain(&self.metaspatial)
            .find(|g| g.aspect == aspect)
            .and_then(|g| g.grade)
    }
}

/// The render reward of MetaSpatial's grades: mean of the known ones over 10 (their sum over
/// 50 when all five are known); `None` when none is known.
pub fn render_reward(metaspatial: &[Grade]) -> Option<f64> {
    let known: Vec<f64> = metaspatial.iter().filter_map(|g| g.grade).collect();
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64 / 10.0)
}
