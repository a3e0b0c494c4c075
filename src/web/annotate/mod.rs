//! The annotate page: the article as readable text with every claim highlighted by status, and
//! a panel to record a verdict on the selected claim.
//!
//! Without JavaScript, selecting a claim is a link (`?claim=ID`) and saving is a form post
//! that redirects to the next unreviewed claim (or back to the claim, with the reason it was
//! not saved). With JavaScript, the same form is posted with `Accept: application/json` and
//! the answer carries the next panel, rendered here by the same template, so the page never
//! needs a second renderer.

mod notices;
mod page;
mod panel;
mod reading;
mod text;
mod verdict;

pub use notices::keep_article_notice;
pub use page::{page, panel};
pub use reading::correct;
pub use text::{Block, ClaimRef, Part, blocks};
pub use verdict::{verdict, verdict_form};
