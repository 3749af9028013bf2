//! The user's settings: their typed shape, defaults and validation.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

/// Default time budget per question kind, in minutes. Rounds use these unless a template says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budgets {
    pub concept: u32,
    pub design: u32,
    pub coding: u32,
    pub behavioral: u32,
}

impl Default for Budgets {
    fn default() -> Self {
        Self {
            concept: 4,
            design: 45,
            coding: 30,
            behavioral: 5,
        }
    }
}

/// The chance of recalling an answer that the schedule aims for when a question comes back: higher
/// brings questions back sooner. FSRS's "desired retention"; 0.90 unless the user sets another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Retention(pub f64);

impl Default for Retention {
    fn default() -> Self {
        Retention(0.9)
    }
}

impl Retention {
    pub const RANGE: std::ops::RangeInclusive<f64> = 0.7..=0.99;
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub theme: Theme,
    pub budgets: Budgets,
    pub sound_cues: bool,
    pub desired_retention: Retention,
}

/// The keys the settings file holds, one per setting, so a value that cannot be read costs only itself.
pub const KEYS: [&str; 4] = ["theme", "budgets", "soundCues", "desiredRetention"];

impl Settings {
    /// Reads settings from stored values. A missing or unreadable value falls back to its default.
    pub fn from_values(get: impl Fn(&str) -> Option<Value>) -> Self {
        fn read<T: DeserializeOwned + Default>(v: Option<Value>) -> T {
            v.and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default()
        }
        let mut s = Settings {
            theme: read(get("theme")),
            budgets: read(get("budgets")),
            sound_cues: read(get("soundCues")),
            desired_retention: read(get("desiredRetention")),
        };
        if s.check_budgets().is_err() {
            s.budgets = Budgets::default();
        }
        if s.check_retention().is_err() {
            s.desired_retention = Retention::default();
        }
        s
    }

    /// The values to store, keyed as in [`KEYS`].
    pub fn to_values(&self) -> [(&'static str, Value); 4] {
        [
            (
                "theme",
                serde_json::to_value(self.theme).unwrap_or_default(),
            ),
            (
                "budgets",
                serde_json::to_value(self.budgets).unwrap_or_default(),
            ),
            ("soundCues", Value::Bool(self.sound_cues)),
            (
                "desiredRetention",
                serde_json::to_value(self.desired_retention).unwrap_or_default(),
            ),
        ]
    }

    pub fn validate(&self) -> Result<(), String> {
        self.check_budgets()?;
        self.check_retention()
    }

    fn check_retention(&self) -> Result<(), String> {
        let r = self.desired_retention.0;
        if Retention::RANGE.contains(&r) {
            Ok(())
        } else {
            Err(format!(
                "the desired retention must be between 0.70 and 0.99, not {r}"
            ))
        }
    }

    fn check_budgets(&self) -> Result<(), String> {
        let b = self.budgets;
        for (kind, minutes) in [
            ("concept", b.concept),
            ("design", b.design),
            ("coding", b.coding),
            ("behavioral", b.behavioral),
        ] {
            if !(1..=240).contains(&minutes) {
                return Err(format!(
                    "the {kind} budget must be between 1 and 240 minutes, not {minutes}"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_and_wrong_values_fall_back_to_defaults() {
        let s = Settings::from_values(|k| match k {
            "theme" => Some(json!("dark")),
            "budgets" => Some(json!("not an object")),
            _ => None,
        });
        assert_eq!(
            s,
            Settings {
                theme: Theme::Dark,
                ..Settings::default()
            }
        );
    }

    #[test]
    fn out_of_range_budgets_are_rejected_and_not_loaded() {
        let mut s = Settings::default();
        s.budgets.coding = 0;
        assert!(s.validate().unwrap_err().contains("coding"));
        let stored: std::collections::HashMap<_, _> = s.to_values().into_iter().collect();
        assert_eq!(
            Settings::from_values(|k| stored.get(k).cloned()).budgets,
            Budgets::default()
        );
    }

    #[test]
    fn an_out_of_range_retention_is_rejected_and_not_loaded() {
        assert_eq!(Settings::default().desired_retention, Retention(0.9));
        for bad in [0.5, 1.0, f64::NAN] {
            let s = Settings {
                desired_retention: Retention(bad),
                ..Settings::default()
            };
            assert!(s.validate().unwrap_err().contains("retention"), "{bad}");
            let stored: std::collections::HashMap<_, _> = s.to_values().into_iter().collect();
            assert_eq!(
                Settings::from_values(|k| stored.get(k).cloned()).desired_retention,
                Retention(0.9)
            );
        }
    }

    #[test]
    fn values_round_trip() {
        let s = Settings {
            theme: Theme::Light,
            budgets: Budgets {
                concept: 3,
                design: 40,
                coding: 25,
                behavioral: 6,
            },
            sound_cues: true,
            desired_retention: Retention(0.85),
        };
        let stored: std::collections::HashMap<_, _> = s.to_values().into_iter().collect();
        assert_eq!(stored.len(), KEYS.len());
        assert_eq!(Settings::from_values(|k| stored.get(k).cloned()), s);
    }
}
