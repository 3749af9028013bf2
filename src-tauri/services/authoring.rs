//! Writing questions of one's own: adding, editing and copying them into the user's packs, checked
//! by the same rules as pack files.

use crate::domain::pack::{self, Question};
use crate::error::{Error, Result};
use crate::storage::Db;

/// Adds (no id) or updates a question in a pack of the user's own, after checking it by the pack
/// rules (a new question's id is made on saving, so only a given one is checked).
pub fn save_question(db: &Db, pack_id: &str, question: &Question, now: i64) -> Result<String> {
    let checked = Question {
        id: if question.id.is_empty() {
            "new".into()
        } else {
            question.id.clone()
        },
        ..question.clone()
    };
    let problems = pack::question_problems(&checked);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        return Err(Error::Invalid(list.join("; ")));
    }
    // The editor has no fields for a drill's cases: an edit keeps the ones the question has.
    let mut question = question.clone();
    if question.drill.is_none() && !question.id.is_empty() {
        question.drill = db.own_question(&question.id).ok().and_then(|q| q.drill);
    }
    db.save_question(pack_id, &question, now)
}

/// Copies any question (a built-in one, say) into a pack of the user's own as a new question.
pub fn copy_question(db: &Db, id: &str, pack_id: &str, now: i64) -> Result<String> {
    let q = db.pack_question(id)?;
    let copy = Question {
        id: String::new(),
        seed: false,
        ..q
    };
    db.save_question(pack_id, &copy, now)
}
