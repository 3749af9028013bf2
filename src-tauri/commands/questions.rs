//! Commands for browsing and searching the question bank.

use crate::domain::{pack::PackError, search::fts_query};
use crate::error::Result;
use crate::services::pack_loader::BankReport;
use crate::storage::{CategoryCount, QuestionDetail, QuestionFilter, QuestionSummary};
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
}

#[tauri::command(async)]
pub fn bank_overview(state: State<'_, AppState>) -> Result<BankOverview> {
    let BankReport { errors, .. } = state.bank.clone();
    let categories = state.db.categories()?;
    let total = categories.iter().map(|c| c.count).sum();
    Ok(BankOverview {
        total,
        categories,
        errors,
        user_packs_dir: state.user_packs_dir.display().to_string(),
    })
}

#[tauri::command(async)]
pub fn list_questions(
    state: State<'_, AppState>,
    mut filter: QuestionFilter,
    text: Option<String>,
) -> Result<Vec<QuestionSummary>> {
    filter.fts = text.as_deref().and_then(fts_query);
    state.db.list_questions(&filter)
}

#[tauri::command(async)]
pub fn get_question(state: State<'_, AppState>, id: String) -> Result<QuestionDetail> {
    state.db.question(&id)
}
