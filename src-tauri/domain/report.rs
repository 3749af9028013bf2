//! What a round looks like to the user: the view the UI shows (live or afterwards), its totals, and
//! its Markdown export.

use super::drill::{Language, RunCounts};
use super::pack::Guide;
use super::review::{Rating, Review};
use super::round::{Ms, Outcome, Phase, Round, Slot, Status};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

/// The facts about a question a round shows.
#[derive(Debug, Clone, Default)]
pub struct QuestionInfo {
    pub prompt: String,
    pub kind: String,
    pub level: String,
    pub category: String,
    pub guide: Guide,
    /// The language of the question's drill, when it has one: its answer is code the user runs.
    pub drill: Option<Language>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub index: usize,
    /// "question" or "break".
    #[serde(rename = "type")]
    pub step: &'static str,
    pub question_id: Option<String>,
    pub prompt: String,
    pub kind: String,
    pub level: String,
    pub category: String,
    pub budget_ms: Ms,
    pub hard_limit_ms: Option<Ms>,
    pub phases: Vec<Phase>,
    pub outcome: Outcome,
    pub used_ms: Ms,
    pub overtime_ms: Ms,
    pub answer: String,
    /// Left with an answer written, and not skipped. Never true for a skipped or empty answer.
    pub answered: bool,
    /// What to check the answer against; the UI reveals it only when asked, or after the round.
    pub guide: Guide,
    /// The user's self-review of this answer, once made.
    pub review: Option<Review>,
    /// A runnable coding question's language: the answer is code.
    pub drill: Option<Language>,
    /// The counts of the last run of this answer's code.
    pub run: Option<RunCounts>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundView {
    pub id: i64,
    pub template_id: String,
    pub title: String,
    pub status: Status,
    pub current: usize,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    /// Time used on the current step when the view was made; the UI adds the time since, while running.
    pub used_ms: Ms,
    pub total_used_ms: Ms,
    pub total_budget_ms: Option<Ms>,
    pub phase: Option<usize>,
    pub questions: usize,
    pub answered: usize,
    pub skipped: usize,
    pub overtime_ms: Ms,
    /// Practice only: reviews of this round leave the schedule alone.
    pub cram: bool,
    pub items: Vec<ItemView>,
}

/// One row of the round history: a round, or a round whose stored record no longer reads.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RoundListing {
    Round(Box<RoundView>),
    Damaged(DamagedRound),
}

/// A round whose stored record no longer reads, listed by what its row still says, so one damaged
/// round never hides the others. It has no other fields: the UI checks `damaged` before reading any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DamagedRound {
    pub id: i64,
    pub title: String,
    /// The paging key, with `id`, like any round's.
    pub started_at: i64,
    /// Always true: how the UI tells this from a [`RoundView`], which has no such field.
    pub damaged: bool,
}

impl DamagedRound {
    pub fn new(id: i64, title: String, started_at: i64) -> DamagedRound {
        DamagedRound {
            id,
            title,
            started_at,
            damaged: true,
        }
    }
}

/// Identifies a stored round for [`build`].
pub struct RoundMeta<'a> {
    pub id: i64,
    pub template_id: &'a str,
    pub title: &'a str,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub cram: bool,
}

/// The round as the user sees it at `now`, with each step's answer and review.
pub fn build(
    meta: RoundMeta,
    round: &Round,
    now: Ms,
    info: impl Fn(&str) -> QuestionInfo,
    answers: &HashMap<usize, String>,
    runs: &HashMap<usize, RunCounts>,
    reviews: &HashMap<usize, Review>,
) -> RoundView {
    let items: Vec<ItemView> = round
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let used_ms = if index == round.current && !round.is_over() {
                round.current_used(now)
            } else {
                item.used_ms
            };
            let answer = answers.get(&index).cloned().unwrap_or_default();
            let left = matches!(item.outcome, Outcome::Completed | Outcome::TimedOut);
            let (step, question_id, hard_limit_ms, phases) = match &item.slot {
                Slot::Question {
                    question_id,
                    hard_limit_ms,
                    phases,
                    ..
                } => (
                    "question",
                    Some(question_id.clone()),
                    *hard_limit_ms,
                    phases.clone(),
                ),
                Slot::Break { .. } => ("break", None, None, Vec::new()),
            };
            let q = question_id.as_deref().map(&info).unwrap_or_default();
            ItemView {
                index,
                step,
                answered: step == "question" && left && !answer.trim().is_empty(),
                question_id,
                prompt: q.prompt,
                kind: q.kind,
                level: q.level,
                category: q.category,
                budget_ms: item.slot.budget_ms(),
                hard_limit_ms,
                phases,
                outcome: item.outcome,
                used_ms,
                overtime_ms: used_ms.saturating_sub(item.slot.budget_ms()),
                answer,
                guide: q.guide,
                review: reviews.get(&index).cloned(),
                drill: q.drill,
                run: runs.get(&index).copied(),
            }
        })
        .collect();
    let questions: Vec<_> = items.iter().filter(|i| i.step == "question").collect();
    RoundView {
        id: meta.id,
        template_id: meta.template_id.into(),
        title: meta.title.into(),
        status: round.status,
        current: round.current,
        started_at: meta.started_at,
        ended_at: meta.ended_at,
        used_ms: round.current_used(now),
        total_used_ms: round.total_used(now),
        total_budget_ms: round.total_budget_ms,
        phase: round.current_phase(now),
        questions: questions.len(),
        answered: questions.iter().filter(|i| i.answered).count(),
        skipped: questions
            .iter()
            .filter(|i| i.outcome == Outcome::Skipped)
            .count(),
        overtime_ms: questions.iter().map(|i| i.overtime_ms).sum(),
        cram: meta.cram,
        items,
    }
}

/// `m:ss`, for budgets and times in reports.
pub fn clock(ms: Ms) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

fn outcome_label(i: &ItemView) -> &'static str {
    match i.outcome {
        Outcome::Skipped => "skipped",
        Outcome::NotReached => "not reached",
        Outcome::TimedOut if i.answered => "answered (time limit)",
        Outcome::TimedOut => "unanswered (time limit)",
        Outcome::Pending | Outcome::Current => "in progress",
        Outcome::Completed if i.answered => "answered",
        Outcome::Completed => "unanswered",
    }
}

/// The round as a Markdown document: totals, then each question with its time and answer.
pub fn markdown(v: &RoundView, started: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", v.title);
    let _ = writeln!(out, "- Started: {started}");
    let _ = writeln!(out, "- Status: {:?}", v.status);
    let _ = writeln!(
        out,
        "- Answered: {} of {} (skipped {})",
        v.answered, v.questions, v.skipped
    );
    let budget = v
        .total_budget_ms
        .map(|b| format!(" of {}", clock(b)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "- Time: {}{budget}, overtime {}\n",
        clock(v.total_used_ms),
        clock(v.overtime_ms)
    );
    let mut n = 0;
    for i in &v.items {
        if i.step == "break" {
            let _ = writeln!(out, "*Break: {}*\n", clock(i.used_ms));
            continue;
        }
        n += 1;
        let _ = writeln!(out, "## {n}. {}\n", i.prompt);
        let _ = writeln!(out, "{} · {} · {}\n", i.category, i.kind, outcome_label(i));
        let over = if i.overtime_ms > 0 {
            format!(", overtime {}", clock(i.overtime_ms))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "Time: {} of {}{over}\n",
            clock(i.used_ms),
            clock(i.budget_ms)
        );
        if let Some(r) = &i.review {
            let _ = writeln!(out, "Review: {}\n", review_line(r));
        }
        if let Some(run) = &i.run {
            let cases = if run.all {
                "all cases"
            } else {
                "visible cases"
            };
            let _ = writeln!(
                out,
                "Tests: {} of {} passed ({cases})\n",
                run.passed, run.total
            );
        }
        if i.answer.trim().is_empty() {
            let _ = writeln!(out, "_No answer written._\n");
        } else if let Some(language) = i.drill {
            let fence = fence_for(&i.answer);
            let name = match language {
                Language::Python => "python",
                Language::Sql => "sql",
            };
            let _ = writeln!(out, "{fence}{name}\n{}\n{fence}\n", i.answer.trim_end());
        } else {
            let _ = writeln!(out, "{}\n", i.answer.trim_end());
        }
    }
    out
}

/// A code fence longer than any run of backticks in `code`, so the code cannot close it.
fn fence_for(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// "Good (suggested Hard) · 4 of 6 key points · 1 red flag".
fn review_line(r: &Review) -> String {
    let name = |x: Rating| {
        let s = x.as_str();
        s[..1].to_uppercase() + &s[1..]
    };
    let mut line = name(r.rating);
    if r.suggested != r.rating {
        let _ = write!(line, " (suggested {})", name(r.suggested));
    }
    let c = &r.check;
    if c.key_points > 0 {
        let _ = write!(
            line,
            " · {} of {} key points",
            c.covered.len(),
            c.key_points
        );
    }
    match c.flags_hit.len() {
        0 => {}
        1 => line.push_str(" · 1 red flag"),
        n => {
            let _ = write!(line, " · {n} red flags");
        }
    }
    line
}

/// One note for [`notes_markdown`]: level, category, prompt, note text.
pub type NoteLine<'a> = (&'a str, &'a str, &'a str, &'a str);

/// The user's notes as one Markdown document: a heading per level, then per category (each where it
/// first appears), then each question with its note.
pub fn notes_markdown<'a>(notes: impl IntoIterator<Item = NoteLine<'a>>) -> String {
    let mut notes: Vec<NoteLine> = notes.into_iter().collect();
    let mut first = std::collections::HashMap::new();
    for (i, n) in notes.iter().enumerate() {
        first.entry((n.0, n.1)).or_insert(i);
    }
    // Stable, so questions keep their order inside a category.
    notes.sort_by_key(|n| first[&(n.0, n.1)]);
    let mut out = String::from("# My Onsite notes\n");
    let (mut level, mut category) = ("", "");
    for (lv, cat, prompt, body) in notes {
        if lv != level {
            level = lv;
            category = "";
            let name = super::pack::Level::parse(lv).map_or(lv, |l| l.label());
            let _ = write!(out, "\n## {name}\n");
        }
        if cat != category {
            category = cat;
            let _ = write!(out, "\n### {cat}\n");
        }
        let _ = write!(out, "\n#### {prompt}\n\n{}\n", body.trim_end());
    }
    out
}

/// One note as a Markdown file of its own: front matter naming the question, the question as the
/// title, then the note.
pub fn note_file(id: &str, level: &str, category: &str, prompt: &str, body: &str) -> String {
    let level = super::pack::Level::parse(level).map_or(level, |l| l.label());
    // Quoted as YAML strings, so a category with a colon or quote stays one value.
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "---\nid: {id}\nlevel: {}\ncategory: {}\n---\n\n# {}\n\n{}\n",
        quoted(level),
        quoted(category),
        prompt.replace('\n', " "),
        body.trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::round::Slot;

    fn q(id: &str, budget: Ms) -> Slot {
        Slot::Question {
            question_id: id.into(),
            budget_ms: budget,
            hard_limit_ms: None,
            phases: vec![],
        }
    }

    #[test]
    fn notes_are_grouped_by_level_then_category() {
        let md = notes_markdown([
            (
                "mle",
                "Basics",
                "What is overfitting?",
                "Too much variance.",
            ),
            ("mle", "Deep", "What is dropout?", "Random masking.\n"),
            ("mle", "Basics", "What is bias?", "Too simple."),
            ("senior", "Design", "Design a feed.", "Funnel."),
        ]);
        assert_eq!(
            md,
            "# My Onsite notes\n\n## ML Engineer\n\n### Basics\n\n#### What is overfitting?\n\nToo much variance.\n\
             \n#### What is bias?\n\nToo simple.\n\n### Deep\n\n#### What is dropout?\n\nRandom masking.\n\
             \n## Senior ML Engineer\n\n### Design\n\n#### Design a feed.\n\nFunnel.\n"
        );
    }

    #[test]
    fn skipped_or_empty_answers_are_never_answered() {
        let mut r = Round::new(
            vec![q("a", 1000), q("b", 1000), q("c", 1000), q("d", 1000)],
            None,
        );
        r.start(0).unwrap();
        r.next(3000).unwrap(); // a: answered, with overtime
        r.skip(3500).unwrap(); // b: typed, then skipped
        r.next(4000).unwrap(); // c: nothing typed
        r.finish(4100).unwrap();
        let answers = HashMap::from([
            (0, "my answer".to_string()),
            (1, "half an answer".to_string()),
            (2, "  ".to_string()),
        ]);
        let meta = RoundMeta {
            id: 1,
            template_id: "custom",
            title: "Custom round",
            started_at: 0,
            ended_at: Some(1),
            cram: false,
        };
        let info = |id: &str| QuestionInfo {
            prompt: format!("Question {id}?"),
            ..Default::default()
        };
        let v = build(
            meta,
            &r,
            5000,
            info,
            &answers,
            &HashMap::new(),
            &HashMap::new(),
        );
        assert_eq!(
            v.items.iter().map(|i| i.answered).collect::<Vec<_>>(),
            [true, false, false, false]
        );
        assert_eq!((v.answered, v.skipped, v.questions), (1, 1, 4));
        assert_eq!(v.items[0].overtime_ms, 2000);
        assert_eq!(v.overtime_ms, 2000);

        let md = markdown(&v, "today");
        assert!(md.starts_with("# Custom round\n"));
        assert!(md.contains("## 1. Question a?\n\n ·  · answered\n\nTime: 0:03 of 0:01, overtime 0:02\n\nmy answer"), "{md}");
        assert!(md.contains("## 2. Question b?\n\n ·  · skipped"), "{md}");
        assert!(md.contains("## 4. Question d?\n\n ·  · unanswered"), "{md}");
    }

    #[test]
    fn a_note_file_names_its_question() {
        let text = note_file(
            "q-1",
            "senior",
            "Design: ranking",
            "Design a\nfeed.",
            "My *answer*\n\n",
        );
        assert_eq!(
            text,
            "---\nid: q-1\nlevel: \"Senior ML Engineer\"\ncategory: \"Design: ranking\"\n---\n\n# Design a feed.\n\nMy *answer*\n"
        );
    }
}
