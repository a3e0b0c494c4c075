//! The sample article that ships with claimdesk: a news story about a State Department cable on
//! migration, the first article claimdesk had to handle perfectly.

pub const TITLE: &str =
    "State Department cable urges diplomats to lobby against pro-migration policies";
pub const BODY: &str = include_str!("../examples/state-department-cable.txt");
