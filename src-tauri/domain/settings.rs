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

/// FSRS's parameters fitted to the user's own reviews (Settings → Review schedule → Optimise);
/// absent, FSRS's defaults, fitted to Anki's users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Parameters(pub Vec<f32>);

impl Parameters {
    /// The parameters to schedule with: `own`, or FSRS's defaults.
    pub fn or_default(own: Option<&Parameters>) -> &[f32] {
        own.map_or(&fsrs::DEFAULT_PARAMETERS[..], |p| &p.0)
    }
}

/// The day of the user's interview, as an ISO date ("2027-01-15"): the plan counts down to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InterviewDate(pub String);

impl InterviewDate {
    /// The date in days since 1970-01-01, or None when it is not a real ISO date.
    pub fn day(&self) -> Option<i64> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(&self.0, format).ok()?;
        Some(i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY)
    }

    /// The date `day` days after 1970-01-01.
    pub fn from_day(day: i64) -> InterviewDate {
        let julian = i32::try_from(day + UNIX_EPOCH_JULIAN_DAY).unwrap_or(i32::MAX);
        let date = time::Date::from_julian_day(julian).unwrap_or(time::Date::MAX);
        InterviewDate(format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ))
    }
}

/// How long a run of a coding drill may take, in seconds, before it is stopped: 10 unless the user
/// sets another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunTimeout(pub u32);

impl Default for RunTimeout {
    fn default() -> Self {
        RunTimeout(10)
    }
}

impl RunTimeout {
    pub const RANGE: std::ops::RangeInclusive<u32> = 1..=120;
}

/// 1970-01-01 as a Julian day number.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub theme: Theme,
    pub budgets: Budgets,
    pub sound_cues: bool,
    pub desired_retention: Retention,
    pub fsrs_parameters: Option<Parameters>,
    pub interview_date: Option<InterviewDate>,
    /// The Python that runs coding drills: a path, or None for `python3` on the PATH.
    pub python: Option<String>,
    pub run_timeout: RunTimeout,
}

/// The keys the settings file holds, one per setting, so a value that cannot be read costs only itself.
pub const KEYS: [&str; 8] = [
    "theme",
    "budgets",
    "soundCues",
    "desiredRetention",
    "fsrsParameters",
    "interviewDate",
    "python",
    "runTimeout",
];

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
            fsrs_parameters: read(get("fsrsParameters")),
            interview_date: read(get("interviewDate")),
            python: read(get("python")),
            run_timeout: read(get("runTimeout")),
        };
        if s.check_budgets().is_err() {
            s.budgets = Budgets::default();
        }
        if s.check_retention().is_err() {
            s.desired_retention = Retention::default();
        }
        if s.check_parameters().is_err() {
            s.fsrs_parameters = None;
        }
        if s.check_interview_date().is_err() {
            s.interview_date = None;
        }
        if s.check_python().is_err() {
            s.python = None;
        }
        if s.check_run_timeout().is_err() {
            s.run_timeout = RunTimeout::default();
        }
        s
    }

    /// The values to store, keyed as in [`KEYS`].
    pub fn to_values(&self) -> [(&'static str, Value); 8] {
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
            (
                "fsrsParameters",
                serde_json::to_value(&self.fsrs_parameters).unwrap_or_default(),
            ),
            (
                "interviewDate",
                serde_json::to_value(&self.interview_date).unwrap_or_default(),
            ),
            (
                "python",
                serde_json::to_value(&self.python).unwrap_or_default(),
            ),
            ("runTimeout", Value::from(self.run_timeout.0)),
        ]
    }

    pub fn validate(&self) -> Result<(), String> {
        self.check_budgets()?;
        self.check_retention()?;
        self.check_parameters()?;
        self.check_interview_date()?;
        self.check_python()?;
        self.check_run_timeout()
    }

    /// The Python to run drills with.
    pub fn python_program(&self) -> &str {
        self.python.as_deref().unwrap_or("python3")
    }

    fn check_python(&self) -> Result<(), String> {
        if self.python.as_deref().is_some_and(|p| p.trim().is_empty()) {
            return Err("the Python path must not be empty (leave it unset for python3)".into());
        }
        Ok(())
    }

    fn check_run_timeout(&self) -> Result<(), String> {
        let t = self.run_timeout.0;
        if !RunTimeout::RANGE.contains(&t) {
            return Err(format!(
                "the run time limit must be between 1 and 120 seconds, not {t}"
            ));
        }
        Ok(())
    }

    /// FSRS's parameters to schedule with: the user's own, or the defaults.
    pub fn parameters(&self) -> &[f32] {
        Parameters::or_default(self.fsrs_parameters.as_ref())
    }

    fn check_parameters(&self) -> Result<(), String> {
        match &self.fsrs_parameters {
            Some(p) if p.0.len() != fsrs::DEFAULT_PARAMETERS.len() => Err(format!(
                "FSRS takes {} parameters, not {}",
                fsrs::DEFAULT_PARAMETERS.len(),
                p.0.len()
            )),
            Some(p) => fsrs::check_and_fill_parameters(&p.0)
                .map(|_| ())
                .map_err(|e| format!("these FSRS parameters cannot be used: {e}")),
            None => Ok(()),
        }
    }

    fn check_interview_date(&self) -> Result<(), String> {
        match &self.interview_date {
            Some(d) if d.day().is_none() => Err(format!(
                "the interview date must be a date such as 2027-01-15, not {:?}",
                d.0
            )),
            _ => Ok(()),
        }
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
    fn interview_dates_are_iso_days() {
        let day = |s: &str| InterviewDate(s.into()).day();
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day("2026-12-02"), Some(20_789));
        assert_eq!(InterviewDate::from_day(20_789).0, "2026-12-02");
        assert_eq!(InterviewDate::from_day(0).0, "1970-01-01");
        for bad in [
            "2027-02-30",
            "2027-1-5",
            "15/01/2027",
            "",
            "2027-01-15T00:00",
        ] {
            assert_eq!(day(bad), None, "{bad}");
            let s = Settings {
                interview_date: Some(InterviewDate(bad.into())),
                ..Settings::default()
            };
            assert!(
                s.validate().unwrap_err().contains("interview date"),
                "{bad}"
            );
        }
    }

    #[test]
    fn parameters_must_be_a_full_set_fsrs_accepts() {
        let with = |p: Vec<f32>| Settings {
            fsrs_parameters: Some(Parameters(p)),
            ..Settings::default()
        };
        assert!(with(vec![0.5; 4]).validate().unwrap_err().contains("21"));
        let mut nan = fsrs::DEFAULT_PARAMETERS.to_vec();
        nan[3] = f32::NAN;
        assert!(with(nan).validate().is_err());
        let own = with(fsrs::DEFAULT_PARAMETERS.to_vec());
        assert_eq!(own.validate(), Ok(()));
        assert_eq!(
            Settings::default().parameters(),
            &fsrs::DEFAULT_PARAMETERS[..]
        );
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
            fsrs_parameters: Some(Parameters(
                fsrs::DEFAULT_PARAMETERS.map(|w| w * 1.01).to_vec(),
            )),
            interview_date: Some(InterviewDate("2027-02-28".into())),
            python: Some("/opt/python3.12/bin/python3".into()),
            run_timeout: RunTimeout(20),
        };
        let stored: std::collections::HashMap<_, _> = s.to_values().into_iter().collect();
        assert_eq!(stored.len(), KEYS.len());
        assert_eq!(Settings::from_values(|k| stored.get(k).cloned()), s);
    }
}
