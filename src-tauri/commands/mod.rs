//! Tauri commands: thin adapters from IPC to the services, the database and settings. No logic
//! lives here.

pub mod app;
pub mod data;
pub mod drills;
pub mod library;
pub mod notes;
pub mod questions;
pub mod recovery;
pub mod reviews;
pub mod rounds;
