//! The wording of the generated council, in the style of the demo forums:
//! plain English a forum member would recognise.

/// (slug, name, description) of the twenty kinds of forum a council runs.
/// Slugs stay short so a locality suffix still fits the 40-character limit.
pub const FORUMS: [(&str, &str, &str); 20] = [
    (
        "adult-social-care",
        "Adult Social Care Improvement Forum",
        "People with lived experience of adult social care prioritise audit findings and co-design improvements.",
    ),
    (
        "autism-together",
        "Autism Better Together",
        "Autistic people and families shaping the all-age autism strategy, respite and staff training.",
    ),
    (
        "carers-voice",
        "Carers' Voice Forum",
        "Unpaid carers telling the council what support helps them keep caring and have a life of their own.",
    ),
    (
        "learning-disability",
        "Learning Disability Partnership Board",
        "People with learning disabilities, families and services working together on what matters most.",
    ),
    (
        "mental-health",
        "Mental Health Lived Experience Forum",
        "People who use mental health services improving crisis support, aftercare and community care.",
    ),
    (
        "older-people",
        "Older People's Forum",
        "Older residents shaping home care, care homes, transport and the fight against loneliness.",
    ),
    (
        "physical-disability",
        "Physical Disability and Sensory Impairment Forum",
        "Disabled people improving equipment, adaptations, accessible information and getting around.",
    ),
    (
        "young-carers",
        "Young Carers' Council",
        "Young carers making sure schools, colleges and social workers see and support them.",
    ),
    (
        "preparing-for-adulthood",
        "Preparing for Adulthood Group",
        "Young disabled people and parents improving the move from children's to adult services.",
    ),
    (
        "dementia-action",
        "Dementia Action Alliance",
        "People living with dementia and their carers making the borough dementia friendly.",
    ),
    (
        "deaf-forum",
        "Deaf and Hard of Hearing Forum",
        "Deaf people improving interpreting, assessments and information in British Sign Language.",
    ),
    (
        "sight-loss",
        "Sight Loss Reference Group",
        "Blind and partially sighted people improving rehabilitation, letters and accessible formats.",
    ),
    (
        "direct-payments",
        "Direct Payments Users' Group",
        "People who manage their own care budgets improving payments, payroll support and personal assistants.",
    ),
    (
        "housing-with-care",
        "Housing with Care Residents' Panel",
        "Tenants of extra care and supported housing improving care, repairs and community life.",
    ),
    (
        "recovery-forum",
        "Recovery and Substance Use Forum",
        "People in recovery improving treatment, aftercare and how services work together.",
    ),
    (
        "homelessness-panel",
        "Homelessness Lived Experience Panel",
        "People who have been homeless improving advice, temporary accommodation and support to settle.",
    ),
    (
        "domestic-abuse",
        "Domestic Abuse Survivors' Forum",
        "Survivors improving safe accommodation, advocacy and how agencies respond.",
    ),
    (
        "parent-carers",
        "Parent Carer Forum",
        "Parents of disabled children improving short breaks, transitions and information.",
    ),
    (
        "stroke-survivors",
        "Stroke and Brain Injury Survivors' Group",
        "Survivors and families improving rehabilitation, discharge and getting back to everyday life.",
    ),
    (
        "care-home-voices",
        "Care Home Residents and Relatives Forum",
        "Residents and relatives improving visiting, activities, quality checks and moving into a home.",
    ),
];

/// (slug part, name part): where a copy of a forum meets when a council runs several.
pub const LOCALITIES: [(&str, &str); 10] = [
    ("north", "North"),
    ("south", "South"),
    ("east", "East"),
    ("west", "West"),
    ("central", "Central"),
    ("riverside", "Riverside"),
    ("coastal", "Coastal"),
    ("valley", "Valley"),
    ("town-centre", "Town Centre"),
    ("rural", "Rural"),
];

pub const FIRST_NAMES: [&str; 40] = [
    "Aisha", "Alan", "Amir", "Anne", "Barbara", "Ben", "Bogdan", "Carol", "Chen", "Chloe", "Daniel", "Deepa",
    "Eileen", "Femi", "Gareth", "Grace", "Hannah", "Ian", "Imran", "Jade", "Jan", "Joan", "Kwame", "Leanne",
    "Liam", "Maria", "Mohammed", "Niamh", "Olu", "Patrick", "Priya", "Rachel", "Rhys", "Sam", "Sandra",
    "Sean", "Tomasz", "Valerie", "Wei", "Zara",
];

pub const LAST_NAMES: [&str; 40] = [
    "Adeyemi", "Ahmed", "Bailey", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Evans", "Fraser",
    "Green", "Hall", "Hughes", "Hussain", "Jackson", "Jones", "Kaur", "Khan", "Kowalski", "Lewis", "Martin",
    "Mensah", "Morgan", "Murphy", "Nowak", "O'Brien", "Okafor", "Patel", "Price", "Roberts", "Robinson",
    "Shah", "Singh", "Smith", "Taylor", "Thomas", "Walker", "Williams", "Wright", "Young",
];

/// How each source's findings begin, before what people said.
pub fn source_lead(source: coforum_domain::finding::FindingSource, variant: usize) -> &'static str {
    use coforum_domain::finding::FindingSource::*;
    let leads: &[&str] = match source {
        Audit => &[
            "A case file audit found that",
            "A quality audit of recent cases found that",
        ],
        Complaint => &["A formal complaint said that", "A family complained that"],
        Compliment => &["A compliment came in:", "Someone wrote to say thank you:"],
        SafeguardingReview => &["A safeguarding adults review found that"],
        Engagement => &[
            "At an engagement event, people said that",
            "At a drop-in session, people told us that",
        ],
        Survey => &[
            "In the annual survey, people said that",
            "A survey of people who use services found that",
        ],
        Other => &["A councillor's surgery heard that", "Forum members reported that"],
    };
    leads[variant % leads.len()]
}

/// Where in the council a finding was heard, added to some titles.
pub const SETTINGS: [&str; 10] = [
    "hospital discharge team",
    "north locality team",
    "south locality team",
    "reablement service",
    "learning disability team",
    "mental health team",
    "front door",
    "day services",
    "extra care housing",
    "contact centre",
];

/// Revisions: (a sentence added to the summary, the note saying why).
pub const REVISIONS: [(&str, &str); 8] = [
    (
        "Everyone gets a named contact.",
        "Added a named contact, as people asked at the last meeting.",
    ),
    (
        "It starts within three months of agreement.",
        "Made the timescale clearer after the officer's comments.",
    ),
    (
        "Information comes in easy read and British Sign Language.",
        "Changed the wording after testing it with the easy read group.",
    ),
    (
        "Carers are included from the start.",
        "Included carers, who were left out of the first version.",
    ),
    (
        "The forum reviews it after six months.",
        "Added how we will know it has worked.",
    ),
    (
        "It works for people who are not online.",
        "Took account of the comments from the drop-in session.",
    ),
    (
        "Health and social care budgets share the cost.",
        "Split the cost between the two budgets, as finance suggested.",
    ),
    (
        "Staff are trained before it starts.",
        "Added training, which the first version forgot.",
    ),
];

/// Added to some improvement titles, so a forum's list does not repeat itself.
pub const IMPROVEMENT_QUALIFIERS: [&str; 6] = [
    "",
    " (pilot)",
    " for carers",
    " in every locality",
    " (second phase)",
    " for young adults",
];

pub const COMMENTS: [&str; 10] = [
    "Could we test this with the group first?",
    "This would have made a real difference to my family.",
    "Who will pay for this after the first year?",
    "I like this, but it needs to work for people who are not online.",
    "Can we add something about carers?",
    "The same thing happened to me last spring.",
    "We should ask the Deaf forum what they think too.",
    "How will we know if it has worked?",
    "This is the most important thing we have discussed this year.",
    "Please keep the easy read version short.",
];

pub const REPLIES: [&str; 6] = [
    "Good point, I have added it to the next revision.",
    "I agree with this.",
    "The officer said they would find out and tell us at the next meeting.",
    "Yes, and the same goes for people in care homes.",
    "Thank you for sharing that.",
    "Let's bring this to the next meeting.",
];

pub const BLOCK_REASONS: [&str; 4] = [
    "This leaves out people who cannot use the phone.",
    "There is no money for it after the pilot, so it would stop just as people rely on it.",
    "It was not tested with the people it is for.",
    "It would make waiting longer for everyone else.",
];

pub const PROGRESS_NOTES: [&str; 6] = [
    "The project group has met and agreed a plan with forum members.",
    "A pilot has started in one locality; the forum will review it in three months.",
    "Staff training is booked and the first sessions are done.",
    "The new leaflet is with the easy read group for checking.",
    "Half of the teams now work this way; the rest start next quarter.",
    "Funding is agreed and recruitment has started.",
];

pub const DELIVERED_NOTES: [&str; 3] = [
    "Done: this is now how every team works, and the forum has checked it.",
    "Delivered across the borough; the forum will hear how it is going in six months.",
    "Complete, and written into the service specification so it stays.",
];

pub const ROUND_TITLES: [&str; 8] = [
    "Spring priorities",
    "Summer priorities",
    "Autumn priorities",
    "Winter priorities",
    "What matters most this year",
    "Priorities for the new strategy",
    "Budget-setting priorities",
    "Priorities after the engagement events",
];

pub const BALLOT_BOX_TITLES: [&str; 6] = [
    "What should we work on next?",
    "Priorities for next year's plan",
    "Which findings matter most to you?",
    "Choosing the next improvement",
    "Priorities for the annual report",
    "What should the council fix first?",
];

/// Compliments: (title, what people said, theme).
pub const COMPLIMENTS: [(&str, &str, &str); 8] = [
    (
        "Occupational therapist went the extra mile",
        "the occupational therapist came within a week and explained everything clearly.",
        "occupational therapy",
    ),
    (
        "Reablement team helped me home",
        "the reablement team helped a person get home from hospital and back on their feet in a fortnight.",
        "hospital discharge",
    ),
    (
        "Carer's assessment was a turning point",
        "a carer's assessment led to a break every fortnight and a carer said it saved their health.",
        "carers",
    ),
    (
        "Social worker listened",
        "the social worker took time to listen and wrote down what mattered to the person.",
        "assessment",
    ),
    (
        "Interpreter booked without asking",
        "a British Sign Language interpreter was booked for every visit without the person having to ask.",
        "sensory needs",
    ),
    (
        "Easy read letter made sense",
        "an easy read letter meant the person understood their care plan for the first time.",
        "information and advice",
    ),
    (
        "Day centre staff are wonderful",
        "day centre staff know everyone by name and make every day different.",
        "day opportunities",
    ),
    (
        "Quick answer from the contact centre",
        "the contact centre answered straight away and sorted the problem in one call.",
        "communication",
    ),
];
