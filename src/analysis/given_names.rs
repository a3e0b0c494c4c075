//! Common given names, for telling a person's name from an organisation's ("Laura Chen" from
//! "Kotak Institutional Equities") where nothing else in the sentence says which it is.
//! Frequent English given names and those of people often in international news; a name
//! missing here only leaves a name undecided.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `word` (any case, any accents) is a common given name.
pub fn is_given_name(word: &str) -> bool {
    GIVEN_NAMES.binary_search(&fold(word).as_str()).is_ok()
}

/// A person's sex as their given name tells it, where it does: "Ingrid" is a woman's name,
/// "Marcus" a man's; "Alex", "Kim" and names not on the list tell nothing.
pub fn given_name_sex(word: &str) -> Option<Sex> {
    let folded = fold(word);
    let name = folded.as_str();
    if GIVEN_NAMES.binary_search(&name).is_err() || UNISEX.binary_search(&name).is_ok() {
        None
    } else if FEMALE.binary_search(&name).is_ok() {
        Some(Sex::Female)
    } else {
        Some(Sex::Male)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

fn fold(word: &str) -> String {
    // Accents folded, as the list spells its names: "François" is "francois", "Zoë" "zoe".
    // A few letters are letters of their own, not a base letter and a mark, so NFD leaves
    // them: "Søren", "Łukasz" are spelt "soren", "lukasz" here.
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'ı' => 'i',
            other => other,
        })
        .collect()
}

/// The names of [`GIVEN_NAMES`] borne mostly by women; the others are men's but for
/// [`UNISEX`]. Sorted.
#[rustfmt::skip]
const FEMALE: &[&str] = &[
    "abigail", "agnes", "agnieszka", "aisha", "alexandria", "alice", "alison", "amanda",
    "amber", "amy", "ana", "angela", "anita", "anja", "ann", "anna", "anne", "ashley",
    "astrid", "ava", "ayanna", "barbara", "benazir", "beth", "betty", "beverly", "brenda",
    "brittany", "camila", "carmen", "carol", "caroline", "carolyn", "catherine",
    "charlotte", "cheryl", "chiara", "chloe", "christina", "christine", "claire", "crystal",
    "cynthia", "danielle", "deborah", "debra", "denise", "diana", "diane", "dianne",
    "donna", "doris", "dorothy", "eleanor", "elena", "elise", "elizabeth", "ella", "ellen",
    "emily", "emma", "erica", "erin", "evelyn", "fatima", "fiona", "frances", "francesca",
    "gabriela", "gail", "gina", "giorgia", "giulia", "gloria", "golda", "grace", "hana",
    "hannah", "heather", "helen", "helene", "hillary", "holly", "ilhan", "indira", "ines",
    "ingrid", "irina", "isabel", "isabella", "isabelle", "jacinda", "jacqueline", "jane",
    "janet", "janice", "jen", "jennifer", "jenny", "jessica", "jill", "joan", "joy",
    "joyce", "judith", "judy", "julie", "kamala", "karen", "katarzyna", "kate", "katherine",
    "kathleen", "kathryn", "katie", "kayla", "keiko", "kimberly", "kirsten", "laura",
    "lauren", "leila", "lily", "linda", "lisa", "liz", "lori", "lucia", "lucy", "madison",
    "malgorzata", "margaret", "maria", "mariam", "mariana", "marie", "marilyn", "marine",
    "marjorie", "martha", "mary", "maxine", "maya", "meg", "megan", "mei", "melissa",
    "mette", "mia", "michelle", "molly", "monica", "nancy", "natalia", "natalie",
    "nathalie", "nicole", "nikki", "nina", "olga", "olivia", "pamela", "patricia", "paula",
    "petra", "priya", "priyanka", "rachel", "rashida", "rebecca", "rita", "rosa", "rosie",
    "ruth", "sabine", "samantha", "sandra", "sanna", "sara", "sarah", "sharon", "shirley",
    "silvia", "sofia", "sonia", "sophia", "sophie", "stephanie", "sue", "sunita", "susan",
    "svetlana", "sylvie", "tara", "tatiana", "teresa", "theresa", "tiffany", "tina",
    "tulsi", "ulrike", "ursula", "valentina", "vera", "wendy", "whitney", "yoko", "yulia",
    "zoe",
];

/// Names of [`GIVEN_NAMES`] borne by women and men alike, or across languages ("Andrea"),
/// or by a well-known man ("Lindsey" Graham).
#[rustfmt::skip]
const UNISEX: &[&str] = &[
    "alex", "alexis", "andrea", "bibi", "chris", "dana", "drew", "jae", "jean", "joon",
    "kelly", "kim", "lee", "lindsey", "ling", "min", "sam", "terry", "wei", "yuki",
];

/// Lower case, sorted (a test checks), for a binary search.
#[rustfmt::skip]
const GIVEN_NAMES: &[&str] = &[
    "aaron", "abdul", "abigail", "adam", "agnes", "agnieszka", "ahmed", "aisha", "alan",
    "albert", "alejandro", "alex", "alexander", "alexandria", "alexei", "alexis", "ali",
    "alice", "alison", "amanda", "amber", "amit", "amy", "ana", "andre", "andrea", "andrei",
    "andrew", "andrzej", "andy", "angela", "anita", "anja", "ann", "anna", "anne",
    "anthony", "antonio", "arjun", "arthur", "ashley", "astrid", "ava", "ayanna", "barack",
    "barbara", "barry", "beau", "ben", "benazir", "benjamin", "bernie", "beth", "betty",
    "beverly", "bibi", "bill", "billy", "bjorn", "blake", "bob", "bobby", "boris",
    "brandon", "brenda", "brett", "brian", "brittany", "bruce", "bryan", "camila", "carl",
    "carlos", "carmen", "carol", "caroline", "carolyn", "catherine", "chad", "charles",
    "charlotte", "cheryl", "chiara", "chloe", "chris", "christian", "christina",
    "christine", "christopher", "chuck", "claire", "clint", "cody", "cole", "colin",
    "craig", "crystal", "curtis", "cynthia", "dale", "dan", "dana", "daniel", "danielle",
    "darren", "dave", "david", "dean", "deborah", "debra", "denise", "dennis", "derek",
    "derrick", "diana", "diane", "dianne", "diego", "dieter", "dmitry", "donald", "donna",
    "doris", "dorothy", "douglas", "drew", "dustin", "dylan", "edward", "eleanor", "elena",
    "elijah", "elise", "elizabeth", "ella", "ellen", "elon", "emily", "emma", "emmanuel",
    "eric", "erica", "erin", "ethan", "eugene", "evan", "evelyn", "fatima", "fernando",
    "fiona", "frances", "francesca", "francisco", "francois", "frank", "fred", "frederic",
    "friedrich", "fumio", "gabriel", "gabriela", "gail", "garrett", "gary", "gavin",
    "george", "gerald", "gina", "giorgia", "giovanni", "giulia", "giuseppe", "glenn",
    "gloria", "golda", "gordon", "grace", "graham", "greg", "gregory", "gunther", "hakeem",
    "hana", "hannah", "hans", "harold", "harry", "hassan", "heather", "hector", "heinrich",
    "helen", "helene", "henrik", "henry", "hillary", "hiroshi", "holly", "howard", "hugh",
    "hunter", "hussein", "ian", "ibrahim", "igor", "ilhan", "indira", "ines", "ingrid",
    "irina", "isabel", "isabella", "isabelle", "ivan", "jacek", "jacinda", "jack", "jacob",
    "jacqueline", "jacques", "jae", "jake", "james", "jane", "janet", "janice", "jared",
    "jason", "javier", "jean", "jeff", "jeffrey", "jen", "jennifer", "jenny", "jens",
    "jeremy", "jerome", "jerry", "jesse", "jessica", "jill", "jim", "joan", "joao", "joe",
    "john", "jon", "jonathan", "joon", "jorge", "jose", "joseph", "josh", "joshua", "joy",
    "joyce", "juan", "judith", "judy", "julie", "jurgen", "justin", "kamala", "karen",
    "karl", "katarzyna", "kate", "katherine", "kathleen", "kathryn", "katie", "kayla",
    "keiko", "keir", "keith", "kelly", "ken", "kenji", "kenneth", "kevin", "khalid", "kim",
    "kimberly", "kirsten", "klaus", "krzysztof", "kwasi", "kyle", "larry", "lars", "laura",
    "lauren", "laurent", "lawrence", "lee", "leila", "leo", "liam", "lily", "linda",
    "lindsey", "ling", "lisa", "liz", "logan", "lori", "louis", "luca", "lucia", "lucy",
    "luis", "lukasz", "luke", "madison", "magnus", "malgorzata", "manuel", "marco",
    "marcus", "marek", "margaret", "maria", "mariam", "mariana", "marie", "marilyn",
    "marine", "mario", "marjorie", "mark", "martha", "martin", "mary", "mason", "matt",
    "matteo", "matthew", "max", "maxine", "maya", "meg", "megan", "mei", "melissa", "mette",
    "mia", "michael", "michel", "michelle", "miguel", "mike", "mikhail", "min", "mitch",
    "mitt", "mohamed", "mohammed", "molly", "monica", "muhammad", "mustafa", "naftali",
    "nancy", "narendra", "natalia", "natalie", "nathalie", "nathan", "neil", "newt",
    "nicholas", "nick", "nicolas", "nicole", "nigel", "nikki", "nils", "nina", "noah",
    "olaf", "oleg", "olga", "oliver", "olivia", "olivier", "omar", "owen", "pamela",
    "paolo", "patricia", "patrick", "paul", "paula", "pawel", "pedro", "pete", "peter",
    "petra", "philip", "pierre", "piotr", "priya", "priyanka", "rachel", "rafael", "rahul",
    "raj", "ralph", "ramon", "rand", "randy", "rashida", "raul", "ray", "raymond",
    "rebecca", "recep", "rene", "ricardo", "richard", "rick", "rishi", "rita", "robert",
    "roger", "rohan", "ron", "ronald", "rosa", "rosie", "roy", "rudolph", "rudy", "rupert",
    "russell", "ruth", "ryan", "sabine", "sam", "samantha", "samuel", "sandra", "sanjay",
    "sanna", "sara", "sarah", "scott", "sean", "sebastien", "sergei", "sergio", "seth",
    "shane", "sharon", "shinzo", "shirley", "silvia", "simon", "sofia", "sonia", "sophia",
    "sophie", "soren", "spencer", "stefan", "stephane", "stephanie", "stephen", "steve",
    "steven", "stuart", "sue", "sunita", "susan", "sven", "svetlana", "sylvie", "takashi",
    "tara", "tatiana", "ted", "teresa", "terry", "theresa", "thomas", "tiffany", "tim",
    "timothy", "tina", "todd", "tom", "tomasz", "tony", "travis", "trevor", "troy", "tulsi",
    "tyler", "ulrike", "ursula", "valentina", "vera", "victor", "vijay", "viktor",
    "vincent", "vladimir", "volodymyr", "walter", "warren", "wayne", "wei", "wendy",
    "wesley", "whitney", "william", "willie", "wojciech", "wolfgang", "xi", "yair", "yoko",
    "yoshihide", "yuki", "yulia", "yuri", "yusuf", "zachary", "zbigniew", "zoe",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_lower_case_and_found_in_any_case() {
        assert!(GIVEN_NAMES.windows(2).all(|w| w[0] < w[1]));
        for list in [FEMALE, UNISEX] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            assert!(list.iter().all(|n| GIVEN_NAMES.contains(n)));
        }
        assert_eq!(given_name_sex("Ingrid"), Some(Sex::Female));
        assert_eq!(given_name_sex("MARCUS"), Some(Sex::Male));
        assert_eq!(given_name_sex("Kim"), None);
        assert_eq!(given_name_sex("Feld"), None);
        assert!(
            GIVEN_NAMES
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase()))
        );
        assert!(is_given_name("Laura") && is_given_name("WARREN"));
        assert!(is_given_name("François") && is_given_name("José") && is_given_name("Zoë"));
        assert!(is_given_name("Søren") && is_given_name("Łukasz"));
        assert!(!is_given_name("Pfizer") && !is_given_name("Kotak"));
    }
}
