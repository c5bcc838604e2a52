//! Model units: what a number in a glTF or OBJ file means in metres.

use std::fmt;
use std::str::FromStr;

/// The length unit of a model's coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    /// 1 m (glTF's own unit).
    Metres,
    /// 0.01 m.
    Centimetres,
    /// 0.001 m.
    Millimetres,
    /// 0.0254 m.
    Inches,
    /// 0.3048 m.
    Feet,
    /// Any factor: metres per model unit.
    Scale(f64),
}

impl Unit {
    /// Metres per model unit.
    pub fn metres(self) -> f64 {
        match self {
            Unit::Metres => 1.0,
            Unit::Centimetres => 0.01,
            Unit::Millimetres => 0.001,
            Unit::Inches => 0.0254,
            Unit::Feet => 0.3048,
            Unit::Scale(s) => s,
        }
    }

    /// The unit a model most likely uses, from its largest extent in its own units: glTF
    /// says metres, and furniture is rarely longer than 20 m, so up to 20 it is metres; up to
    /// 2000, centimetres; beyond, millimetres. Small objects modelled in centimetres (a
    /// 15 cm vase) are taken as metres: that is what `--unit` is for.
    pub fn guess(largest_extent: f64) -> Unit {
        if largest_extent <= 20.0 {
            Unit::Metres
        } else if largest_extent <= 2000.0 {
            Unit::Centimetres
        } else {
            Unit::Millimetres
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Metres => write!(f, "metres"),
            Unit::Centimetres => write!(f, "centimetres"),
            Unit::Millimetres => write!(f, "millimetres"),
            Unit::Inches => write!(f, "inches"),
            Unit::Feet => write!(f, "feet"),
            Unit::Scale(s) => write!(f, "{s} m per unit"),
        }
    }
}

/// A unit that [`Unit::from_str`] does not know.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "unknown unit `{text}`: expected m, cm, mm, in, ft or a positive number of metres per unit"
)]
pub struct UnitError {
    /// The text as given.
    pub text: String,
}

impl FromStr for Unit {
    type Err = UnitError;

    /// `m`, `cm`, `mm`, `in`, `ft` (or their names), or a positive number of metres per unit.
    fn from_str(s: &str) -> Result<Unit, UnitError> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "m" | "metre" | "metres" | "meter" | "meters" => Unit::Metres,
            "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => Unit::Centimetres,
            "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => Unit::Millimetres,
            "in" | "inch" | "inches" => Unit::Inches,
            "ft" | "foot" | "feet" => Unit::Feet,
            other => match other.parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => Unit::Scale(v),
                _ => {
                    return Err(UnitError {
                        text: s.to_string(),
                    });
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_and_parses() {
        assert_eq!(Unit::guess(2.1), Unit::Metres);
        assert_eq!(Unit::guess(210.0), Unit::Centimetres);
        assert_eq!(Unit::guess(2100.0), Unit::Millimetres);
        assert_eq!("cm".parse::<Unit>(), Ok(Unit::Centimetres));
        assert_eq!("0.5".parse::<Unit>(), Ok(Unit::Scale(0.5)));
        assert!("-1".parse::<Unit>().is_err());
        assert!(
            "parsec"
                .parse::<Unit>()
                .expect_err("unknown")
                .to_string()
                .contains("parsec")
        );
    }
}
