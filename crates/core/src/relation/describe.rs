//! Relations in words, for reports, the editor's relation list and LLM feedback:
//! `nightstand-0 left of bed-0, 5 cm apart, backs aligned`.

use super::model::{Align, AlignName, FacingMode, Relation};

/// A relation as a short English phrase.
pub fn describe(r: &Relation) -> String {
    let cm = |m: f64| format!("{:.0} cm", m * 100.0);
    let side = |s: &str, t: &str, word: &str, c: f64, a: Align, edges: [&str; 3]| {
        let align = match a {
            Align::Named(AlignName::Back | AlignName::Left) => format!(", {} aligned", edges[0]),
            Align::Named(AlignName::Center) => ", centred".to_string(),
            Align::Named(AlignName::Front | AlignName::Right) => format!(", {} aligned", edges[2]),
            Align::Fraction(f) => format!(
                ", aligned at {:.0}% from {} to {}",
                f * 100.0,
                edges[0],
                edges[2]
            ),
        };
        format!("{s} {word} {t}, {} apart{align}", cm(c))
    };
    match r {
        Relation::AgainstWall { source, wall } => format!("{source} against wall {wall}"),
        Relation::Corner {
            source,
            corner,
            wall,
        } => format!("{source} in corner {corner}, back to wall {wall}"),
        Relation::Position { source, x, y } => {
            let parts: Vec<String> = [("x", x), ("y", y)]
                .iter()
                .filter_map(|(n, v)| v.map(|v| format!("{n} = {v:.2} m")))
                .collect();
            format!("{source} centred at {}", parts.join(", "))
        }
        Relation::OnWall {
            source,
            wall,
            height,
        } => format!("{source} on wall {wall} at {height:.2} m"),
        Relation::LeftOf {
            source,
            target,
            clearance,
            align,
        } => side(
            source,
            target,
            "left of",
            *clearance,
            *align,
            ["backs", "centres", "fronts"],
        ),
        Relation::RightOf {
            source,
            target,
            clearance,
            align,
        } => side(
            source,
            target,
            "right of",
            *clearance,
            *align,
            ["backs", "centres", "fronts"],
        ),
        Relation::InFrontOf {
            source,
            target,
            clearance,
            align,
        } => side(
            source,
            target,
            "in front of",
            *clearance,
            *align,
            ["left sides", "centres", "right sides"],
        ),
        Relation::Behind {
            source,
            target,
            clearance,
            align,
        } => side(
            source,
            target,
            "behind",
            *clearance,
            *align,
            ["left sides", "centres", "right sides"],
        ),
        Relation::Around {
            sources,
            target,
            distance,
            sweep,
        } => {
            let spread = if *sweep >= 360.0 {
                String::new()
            } else {
                format!(" within {sweep:.0}°")
            };
            format!(
                "{} around {target}, {} away{spread}",
                sources.join(", "),
                cm(*distance)
            )
        }
        Relation::Facing {
            source,
            target,
            wall,
            mode,
            mutual,
        } => {
            let what = target
                .clone()
                .or_else(|| wall.as_ref().map(|w| format!("wall {w}")))
                .unwrap_or_default();
            let how = if *mode == FacingMode::Radial {
                " (towards its centre)"
            } else {
                ""
            };
            let both = if *mutual { ", each other" } else { "" };
            format!("{source} facing {what}{how}{both}")
        }
        Relation::Align {
            source,
            target,
            angle,
        } => format!("{source} turned {angle:.0}° from {target}"),
        Relation::Distance {
            source,
            target,
            min,
            max,
        } => {
            format!("{source} {}–{} from {target}", cm(*min), cm(*max))
        }
        Relation::OnTopOf { source, target } => format!("{source} on top of {target}"),
        Relation::ClearFront { source, depth } => {
            format!("{} kept free in front of {source}", cm(*depth))
        }
        Relation::KeepClear { area } => format!(
            "floor kept clear from ({:.2}, {:.2}) to ({:.2}, {:.2}) m",
            area[0], area[1], area[2], area[3]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_of_reads_like_the_issue_example() {
        let r = Relation::LeftOf {
            source: "nightstand-0".into(),
            target: "bed-0".into(),
            clearance: 0.05,
            align: Align::Named(AlignName::Back),
        };
        assert_eq!(
            describe(&r),
            "nightstand-0 left of bed-0, 5 cm apart, backs aligned"
        );
    }
}
