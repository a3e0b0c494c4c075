//! claimdesk: a claim-annotation service for fact-checkers.
//!
//! An article goes in, is split into sentences ([`segment`]), and each sentence is stored as a
//! claim ([`storage`]) that reviewers tag as sourced, unsourced or contradicted through the JSON
//! API ([`api`]). [`app`] holds the route table and server; [`cli`] the command line.

pub mod analysis;
pub mod answer_cache;
pub mod api;
pub mod app;
pub mod article_cache;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod cpu_work;
pub mod domain;
pub mod error;
pub mod html;
pub mod http;
pub mod import;
pub mod linked_data;
pub mod outgoing;
pub mod sample;
pub mod search;
pub mod segment;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod usecase;
pub mod web;
pub mod webhooks;
