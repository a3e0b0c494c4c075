//! Domain rules: plain types and functions, no I/O, easy to unit-test.

pub mod agreement;
pub mod annotation;
pub mod article;
pub mod assignment;
pub mod claim_edit;
pub mod comment;
pub mod publication;
pub mod review;
pub mod revision;
pub mod role;
pub mod search;
pub mod status;
pub mod user;
pub mod validation;
pub mod webhook;

pub use annotation::{AnnotationInput, NewAnnotation, Source};
pub use article::{ArticleInput, NewArticle};
pub use claim_edit::{ClaimCorrection, ClaimEditInput};
pub use publication::{PublicationInput, PublicationSettings};
pub use role::Role;
pub use status::{ClaimStatus, StatusCounts, Verdict};
