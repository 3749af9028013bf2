//! Round templates (TOML, like packs) and turning a template into the steps of a round: which
//! questions, in which order, with which budgets.

use super::pack::{Kind, Level, LineIndex, PackError};
use super::round::{Ms, Phase, Slot};
use super::settings::Budgets;
use serde::{Deserialize, Serialize};

const MINUTE: Ms = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Shuffled with the round's seed, so the same seed gives the same round.
    #[default]
    Random,
    /// In bank order.
    Fixed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    pub name: String,
    pub minutes: u32,
}

/// One part of a round: how many questions of which sort, and their time. Read from template files
/// in snake_case, like every key in them; sent to the UI in camelCase, like every IPC payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "camelCase", deserialize = "snake_case")
)]
pub struct Part {
    pub title: String,
    pub count: u32,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// Per question; when absent, the default for the question's kind from Settings.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// When set, the round moves on by itself after this many minutes on a question.
    #[serde(default)]
    pub hard_limit_minutes: Option<u32>,
    #[serde(default)]
    pub order: Order,
    /// Soft phases inside each question (for system design).
    #[serde(default)]
    pub phases: Vec<PhaseSpec>,
}

/// A round template: files name it in snake_case with one `[[template.part]]` per part; the UI
/// receives it in camelCase with `parts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all(serialize = "camelCase", deserialize = "snake_case")
)]
pub struct Template {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// A break between parts, in minutes (0 for none).
    #[serde(default)]
    pub break_minutes: u32,
    #[serde(default)]
    pub total_minutes: Option<u32>,
    #[serde(rename(serialize = "parts", deserialize = "part"))]
    pub parts: Vec<Part>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    #[serde(rename = "template")]
    templates: Vec<toml::Spanned<Template>>,
}

/// Parses a file of `[[template]]` tables. Errors name the file and line.
pub fn parse_templates(file: &str, text: &str) -> Result<Vec<Template>, PackError> {
    let lines = LineIndex::new(text);
    let parsed: TemplateFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| lines.line(s.start));
        PackError::at(file, line, e.message().trim())
    })?;
    let mut out = Vec::new();
    for t in parsed.templates {
        let line = lines.line(t.span().start);
        let t = t.into_inner();
        let bad = |message: String| PackError::at(file, line, message);
        if t.parts.is_empty() {
            return Err(bad(format!("template {:?} has no [[template.part]]", t.id)));
        }
        if let Some(p) = t
            .parts
            .iter()
            .find(|p| p.count == 0 || p.minutes == Some(0) || p.count > 50)
        {
            return Err(bad(format!(
                "part {:?} of {:?} needs 1-50 questions of at least 1 minute",
                p.title, t.id
            )));
        }
        out.push(t);
    }
    Ok(out)
}

impl Part {
    /// Whether this part may draw a question of `level`, `kind` and `category`.
    pub fn accepts(&self, level: Level, kind: Kind, category: &str) -> bool {
        self.level.is_none_or(|l| l == level)
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.categories.is_empty() || self.categories.iter().any(|c| c == category))
    }
}

/// A question a round may draw, in bank order.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub level: Level,
    pub kind: Kind,
    pub category: String,
    /// A coding question with test cases the user can run.
    pub runnable: bool,
}

/// The default minutes for a question of `kind`, from Settings.
pub fn kind_budget(budgets: &Budgets, kind: Kind) -> u32 {
    match kind {
        Kind::Concept => budgets.concept,
        Kind::Design => budgets.design,
        Kind::Coding => budgets.coding,
        Kind::Behavioral => budgets.behavioral,
    }
}

/// Chooses the questions of each part (never the same one twice) and lays out the round's steps,
/// with breaks between parts. Pure: the same inputs and seed give the same round.
pub fn plan(
    t: &Template,
    candidates: &[Candidate],
    budgets: &Budgets,
    seed: u64,
) -> Result<Vec<Slot>, String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut taken = std::collections::HashSet::new();
    let mut slots = Vec::new();
    for (i, part) in t.parts.iter().enumerate() {
        let mut pool: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| !taken.contains(&c.id))
            .filter(|c| part.accepts(c.level, c.kind, &c.category))
            .collect();
        if pool.is_empty() {
            return Err(format!("no questions match the part {:?}", part.title));
        }
        if part.order == Order::Random {
            rng.shuffle(&mut pool);
        }
        // Coding questions the user can run come before those they cannot: a coding round is
        // written and run, as in the interview. The others still fill a part that needs them.
        pool.sort_by_key(|c| c.kind == Kind::Coding && !c.runnable);
        if i > 0 && t.break_minutes > 0 {
            slots.push(Slot::Break {
                budget_ms: Ms::from(t.break_minutes) * MINUTE,
            });
        }
        for c in pool.into_iter().take(part.count as usize) {
            taken.insert(c.id.clone());
            let minutes = part.minutes.unwrap_or_else(|| kind_budget(budgets, c.kind));
            slots.push(Slot::Question {
                question_id: c.id.clone(),
                budget_ms: Ms::from(minutes) * MINUTE,
                hard_limit_ms: part.hard_limit_minutes.map(|m| Ms::from(m) * MINUTE),
                phases: part
                    .phases
                    .iter()
                    .map(|p| Phase {
                        name: p.name.clone(),
                        budget_ms: Ms::from(p.minutes) * MINUTE,
                    })
                    .collect(),
            });
        }
    }
    Ok(slots)
}

/// What the user chooses for a custom round.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomRound {
    pub level: Option<Level>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub kinds: Vec<Kind>,
    pub count: u32,
    /// Per question; when absent, the defaults per kind from Settings.
    pub minutes: Option<u32>,
    /// Budget in seconds, for short drills; wins over `minutes`.
    #[serde(default)]
    pub seconds: Option<u32>,
    pub total_minutes: Option<u32>,
    #[serde(default)]
    pub hard_limit: bool,
    #[serde(default)]
    pub order: Order,
    pub seed: Option<u64>,
}

impl CustomRound {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=50).contains(&self.count) {
            return Err(format!("a round has 1 to 50 questions, not {}", self.count));
        }
        if self.minutes.is_some_and(|m| !(1..=240).contains(&m))
            || self.seconds.is_some_and(|s| !(1..=14_400).contains(&s))
        {
            return Err("a question's budget must be between 1 second and 240 minutes".into());
        }
        if self.total_minutes.is_some_and(|m| !(1..=600).contains(&m)) {
            return Err("the total budget must be between 1 and 600 minutes".into());
        }
        Ok(())
    }

    /// Plans the custom round. Second budgets are handled here (templates speak in minutes).
    pub fn plan(
        &self,
        candidates: &[Candidate],
        budgets: &Budgets,
        seed: u64,
    ) -> Result<Vec<Slot>, String> {
        self.validate()?;
        let template = Template {
            id: "custom".into(),
            title: "Custom round".into(),
            description: String::new(),
            break_minutes: 0,
            total_minutes: self.total_minutes,
            parts: vec![Part {
                title: "Custom".into(),
                count: self.count,
                level: self.level,
                kinds: self.kinds.clone(),
                categories: self.categories.clone(),
                minutes: self.minutes,
                hard_limit_minutes: None,
                order: self.order,
                phases: Vec::new(),
            }],
        };
        let mut slots = plan(&template, candidates, budgets, seed)?;
        for slot in &mut slots {
            if let Slot::Question {
                budget_ms,
                hard_limit_ms,
                ..
            } = slot
            {
                if let Some(s) = self.seconds {
                    *budget_ms = Ms::from(s) * 1000;
                }
                // A hard limit at the budget itself: the round moves on when time is up.
                *hard_limit_ms = self.hard_limit.then_some(*budget_ms);
            }
        }
        Ok(slots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> Vec<Candidate> {
        let mut v = Vec::new();
        for (i, kind) in [
            Kind::Concept,
            Kind::Concept,
            Kind::Concept,
            Kind::Design,
            Kind::Coding,
            Kind::Behavioral,
        ]
        .iter()
        .enumerate()
        {
            v.push(Candidate {
                id: format!("q{i}"),
                level: Level::Mle,
                kind: *kind,
                category: format!("c{}", i % 2),
                runnable: false,
            });
        }
        v.push(Candidate {
            id: "s1".into(),
            level: Level::Senior,
            kind: Kind::Concept,
            category: "c0".into(),
            runnable: false,
        });
        v
    }

    #[test]
    fn a_coding_part_draws_runnable_questions_while_any_match() {
        let mut candidates = bank();
        candidates.push(Candidate {
            id: "run1".into(),
            level: Level::Mle,
            kind: Kind::Coding,
            category: "c1".into(),
            runnable: true,
        });
        let part = |count| Template {
            id: "t".into(),
            title: "T".into(),
            description: String::new(),
            break_minutes: 0,
            total_minutes: None,
            parts: vec![Part {
                title: "Coding".into(),
                count,
                level: None,
                kinds: vec![Kind::Coding],
                categories: vec![],
                minutes: None,
                hard_limit_minutes: None,
                order: Order::Random,
                phases: vec![],
            }],
        };
        for seed in 0..20 {
            let slots = plan(&part(1), &candidates, &Budgets::default(), seed).unwrap();
            assert_eq!(ids(&slots), ["run1"], "seed {seed}");
        }
        // Past the runnable ones, the others fill the part.
        let slots = plan(&part(2), &candidates, &Budgets::default(), 1).unwrap();
        assert_eq!(ids(&slots), ["run1", "q4"]);
    }

    fn ids(slots: &[Slot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| match s {
                Slot::Question { question_id, .. } => question_id.clone(),
                Slot::Break { .. } => "break".into(),
            })
            .collect()
    }

    #[test]
    fn bundled_style_templates_parse_and_plan_with_breaks_and_default_budgets() {
        let text = r#"
[[template]]
id = "loop"
title = "Loop"
break_minutes = 5

[[template.part]]
title = "Breadth"
count = 2
level = "mle"
kinds = ["concept"]
order = "fixed"

[[template.part]]
title = "Design"
count = 1
kinds = ["design"]
minutes = 45
phases = [{ name = "Clarify", minutes = 5 }, { name = "Model", minutes = 40 }]
"#;
        let t = &parse_templates("t.toml", text).unwrap()[0];
        let slots = plan(t, &bank(), &Budgets::default(), 1).unwrap();
        assert_eq!(ids(&slots), ["q0", "q1", "break", "q3"]);
        assert_eq!(
            slots[0].budget_ms(),
            4 * MINUTE,
            "concept default from Settings"
        );
        assert_eq!(slots[2].budget_ms(), 5 * MINUTE);
        let Slot::Question { phases, .. } = &slots[3] else {
            panic!()
        };
        assert_eq!(phases.len(), 2);
    }

    #[test]
    fn template_errors_name_the_line() {
        let e = parse_templates(
            "t.toml",
            "[[template]]\nid = \"x\"\ntitle = \"X\"\nbogus = 1\n",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("t.toml", 4));
    }

    #[test]
    fn random_order_is_seedable_and_never_repeats_a_question() {
        let custom = CustomRound {
            level: Some(Level::Mle),
            categories: vec![],
            kinds: vec![],
            count: 6,
            minutes: Some(2),
            seconds: None,
            total_minutes: None,
            hard_limit: false,
            order: Order::Random,
            seed: None,
        };
        let a = custom.plan(&bank(), &Budgets::default(), 42).unwrap();
        assert_eq!(a, custom.plan(&bank(), &Budgets::default(), 42).unwrap());
        let mut got = ids(&a);
        got.sort();
        assert_eq!(got, ["q0", "q1", "q2", "q3", "q4", "q5"]);
        assert!(
            (0..20).any(|s| custom.plan(&bank(), &Budgets::default(), s).unwrap() != a),
            "seeds differ"
        );
    }

    #[test]
    fn custom_rounds_filter_and_take_second_budgets_and_hard_limits() {
        let custom = CustomRound {
            level: None,
            categories: vec!["c0".into()],
            kinds: vec![Kind::Concept],
            count: 10,
            minutes: None,
            seconds: Some(5),
            total_minutes: Some(1),
            hard_limit: true,
            order: Order::Fixed,
            seed: None,
        };
        let slots = custom.plan(&bank(), &Budgets::default(), 0).unwrap();
        assert_eq!(ids(&slots), ["q0", "q2", "s1"]);
        assert!(matches!(
            slots[0],
            Slot::Question {
                budget_ms: 5000,
                hard_limit_ms: Some(5000),
                ..
            }
        ));
        let none = CustomRound {
            categories: vec!["nope".into()],
            ..custom.clone()
        };
        assert!(none
            .plan(&bank(), &Budgets::default(), 0)
            .unwrap_err()
            .contains("no questions"));
        assert!(CustomRound { count: 0, ..custom }.validate().is_err());
    }
}
