//! Commands for browsing and searching the question bank.

use crate::domain::{pack::PackError, search::fts_query};
use crate::error::Result;
use crate::services::pack_loader::{BankReport, LoadProgress};
use crate::storage::{CategoryCount, QuestionDetail, QuestionFilter, QuestionSummary, Window};
use crate::AppState;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankOverview {
    pub total: u32,
    pub categories: Vec<CategoryCount>,
    pub errors: Vec<PackError>,
    pub user_packs_dir: String,
    /// How far the load of the packs folder has got, while it runs.
    pub loading: Option<LoadProgress>,
}

#[tauri::command(async)]
pub fn bank_overview(state: State<'_, AppState>) -> Result<BankOverview> {
    let BankReport { errors, .. } = state.bank.report();
    let categories = state.db.categories()?;
    let total = categories.iter().map(|c| c.count).sum();
    Ok(BankOverview {
        total,
        categories,
        errors,
        user_packs_dir: state.user_packs_dir.display().to_string(),
        loading: state.bank.loading(),
    })
}

/// A window of the question list, for the filters and search text.
#[tauri::command(async)]
pub fn list_questions(
    state: State<'_, AppState>,
    mut filter: QuestionFilter,
    text: Option<String>,
    window: Window,
) -> Result<Vec<QuestionSummary>> {
    filter.fts = text.as_deref().and_then(fts_query);
    state.db.list_questions(&filter, &window)
}

/// How many questions the list holds for the filters and search text, asked apart from the rows
/// so the first window never waits on a count.
#[tauri::command(async)]
pub fn count_questions(
    state: State<'_, AppState>,
    mut filter: QuestionFilter,
    text: Option<String>,
) -> Result<u32> {
    filter.fts = text.as_deref().and_then(fts_query);
    state.db.count_questions(&filter)
}

#[tauri::command(async)]
pub fn get_question(state: State<'_, AppState>, id: String) -> Result<QuestionDetail> {
    state.db.question(&id)
}
