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

/// One theme: what was found under it (title, what people said) and what a
/// forum might propose about it (title, summary).
pub struct Theme {
    pub name: &'static str,
    pub findings: &'static [(&'static str, &'static str)],
    pub improvement: (&'static str, &'static str),
}

pub const THEMES: [Theme; 25] = [
    Theme {
        name: "assessment",
        findings: &[
            (
                "Assessment letters are hard to understand",
                "letters after a Care Act assessment use long words and do not say what happens next.",
            ),
            (
                "Assessments miss what matters to the person",
                "assessments list tasks but do not record what the person wants from their life.",
            ),
            (
                "People asked the same questions again and again",
                "people had to tell their story to three or four different workers.",
            ),
        ],
        improvement: (
            "A one-page profile before every assessment",
            "The person writes, with help if they want it, what matters to them; every worker reads it first.",
        ),
    },
    Theme {
        name: "carers",
        findings: &[
            (
                "Carers are not offered their own assessment",
                "unpaid carers were not told they have a right to a carer's assessment.",
            ),
            (
                "Carers want one place to find support",
                "support for carers is spread over many websites and phone numbers.",
            ),
        ],
        improvement: (
            "A carers' front door",
            "One phone number and web page for carers, answered by people who know what support there is.",
        ),
    },
    Theme {
        name: "information and advice",
        findings: &[
            (
                "The website is out of date",
                "service pages on the council website gave old phone numbers and closed services.",
            ),
            (
                "No easy read information about care charges",
                "there is no easy read guide to how much care costs and why.",
            ),
        ],
        improvement: (
            "Easy read guides written with the forum",
            "Every public leaflet about care has an easy read version tested by forum members.",
        ),
    },
    Theme {
        name: "waiting times",
        findings: &[
            (
                "Waiting too long for a care assessment",
                "people waited months for an assessment and did not know where they were in the queue.",
            ),
            (
                "No update while waiting for equipment",
                "people waiting for equipment heard nothing for weeks.",
            ),
        ],
        improvement: (
            "Tell people where they are in the queue",
            "Everyone waiting gets a monthly update with their expected date and a named contact.",
        ),
    },
    Theme {
        name: "direct payments",
        findings: &[
            (
                "Direct payments paperwork is overwhelming",
                "the monthly returns for direct payments take hours and people fear getting them wrong.",
            ),
            (
                "Hard to find personal assistants",
                "people with direct payments could not find personal assistants in their area.",
            ),
        ],
        improvement: (
            "A personal assistant register",
            "A local register of vetted personal assistants that direct payment users can search.",
        ),
    },
    Theme {
        name: "transitions",
        findings: &[
            (
                "Young people fall through the gap at eighteen",
                "support stopped at eighteen before adult services had started.",
            ),
            (
                "Families not told who the adult social worker is",
                "families did not know who would support their child after children's services.",
            ),
        ],
        improvement: (
            "Transition planning from fourteen",
            "Adult services join planning from age fourteen, with one named worker through the move.",
        ),
    },
    Theme {
        name: "safeguarding",
        findings: &[
            (
                "People not told the outcome of a safeguarding enquiry",
                "people who raised a concern never heard what happened.",
            ),
            (
                "Safeguarding concerns handled without the person",
                "enquiries went ahead without asking the person what outcome they wanted.",
            ),
        ],
        improvement: (
            "Making safeguarding personal, in practice",
            "Every enquiry starts by asking the person what they want, and ends by telling them what changed.",
        ),
    },
    Theme {
        name: "respite",
        findings: &[
            (
                "Few respite options near home",
                "respite beds are far away and hard to book at short notice.",
            ),
            (
                "Respite is booked up months ahead",
                "families could not get emergency respite when a carer fell ill.",
            ),
        ],
        improvement: (
            "Emergency respite beds held back",
            "Two respite beds in the borough are kept for emergencies and bookable the same day.",
        ),
    },
    Theme {
        name: "hospital discharge",
        findings: &[
            (
                "Family not told about changes to step-down care",
                "families were given incomplete information when a parent moved from hospital to a step-down bed.",
            ),
            (
                "Discharged without care in place",
                "people went home from hospital before their home care had started.",
            ),
        ],
        improvement: (
            "A discharge checklist families can see",
            "Families get a short checklist of what is arranged before anyone leaves hospital.",
        ),
    },
    Theme {
        name: "communication",
        findings: &[
            (
                "Appointment letters give no clear time",
                "letters do not say exactly when a visit will happen or who will come.",
            ),
            (
                "Calls are not returned",
                "messages left for workers were not returned for days.",
            ),
        ],
        improvement: (
            "Call-back within two working days",
            "Every message gets a reply within two working days, even if only to say who will help.",
        ),
    },
    Theme {
        name: "accessibility",
        findings: &[
            (
                "Meeting rooms are not accessible",
                "forum meetings were held in rooms without a hearing loop or level access.",
            ),
            (
                "Forms do not work with screen readers",
                "online forms could not be completed with a screen reader.",
            ),
        ],
        improvement: (
            "Accessible meetings standard",
            "Every council meeting with the public has level access, a hearing loop and papers a week early.",
        ),
    },
    Theme {
        name: "housing",
        findings: &[
            (
                "Adaptations take over a year",
                "people waited more than a year for a level-access shower.",
            ),
            (
                "Supported housing repairs are slow",
                "tenants in supported housing waited weeks for urgent repairs.",
            ),
        ],
        improvement: (
            "Fast-track minor adaptations",
            "Rails, ramps and small changes under a set cost are fitted within four weeks without a panel.",
        ),
    },
    Theme {
        name: "transport",
        findings: &[
            (
                "No transport to day services",
                "people stopped going to day services when the minibus route changed.",
            ),
            (
                "Blue badge renewals take too long",
                "people lost their blue badge while waiting for a renewal.",
            ),
        ],
        improvement: (
            "Community transport for day services",
            "A community transport scheme that takes people to day services and brings them home.",
        ),
    },
    Theme {
        name: "employment",
        findings: &[
            (
                "Little help to find paid work",
                "disabled people wanted paid work but were only offered volunteering.",
            ),
            (
                "Job coaches stop too soon",
                "support from a job coach ended in the first weeks of a new job.",
            ),
        ],
        improvement: (
            "Supported internships with local employers",
            "Ten supported internships a year with local employers, with a job coach for the whole year.",
        ),
    },
    Theme {
        name: "mental capacity",
        findings: &[
            (
                "Few staff have Mental Capacity Act training",
                "workforce data show fewer staff than average completed Mental Capacity Act training.",
            ),
            (
                "Best interests decisions not explained",
                "families were not told why a best interests decision was made.",
            ),
        ],
        improvement: (
            "Mental capacity training co-delivered",
            "People with lived experience co-deliver Mental Capacity Act training to every new worker.",
        ),
    },
    Theme {
        name: "training",
        findings: &[
            (
                "Staff need training on autism and sensory needs",
                "many staff do not know about sensory overload or how to adjust a visit.",
            ),
            (
                "Care workers lack dementia training",
                "home care workers had no training on supporting people living with dementia.",
            ),
        ],
        improvement: (
            "Training designed by experts by experience",
            "Forum members help design and deliver training for front-line staff each year.",
        ),
    },
    Theme {
        name: "sensory needs",
        findings: &[
            (
                "A quiet place to wait",
                "people asked for a quiet room at the council offices with low light and no announcements.",
            ),
            (
                "No British Sign Language interpreter booked",
                "assessments went ahead without the interpreter the person asked for.",
            ),
        ],
        improvement: (
            "Sensory-friendly council offices",
            "A quiet waiting room, visual call screens and interpreters booked as standard.",
        ),
    },
    Theme {
        name: "day opportunities",
        findings: &[
            (
                "Day centres closed with no alternative",
                "people lost their day centre place and were offered nothing in its place.",
            ),
            (
                "Activities are not age appropriate",
                "younger adults were offered the same activities as people in their nineties.",
            ),
        ],
        improvement: (
            "Community day opportunities directory",
            "A directory of clubs, groups and courses with support available, kept up to date by the forum.",
        ),
    },
    Theme {
        name: "home care",
        findings: &[
            (
                "Home care visits are rushed",
                "fifteen-minute visits left no time for a conversation or a proper meal.",
            ),
            (
                "Different carers every day",
                "people saw a different care worker nearly every visit.",
            ),
        ],
        improvement: (
            "Small teams for home care",
            "Each person has a small team of care workers who know them, with visits of at least thirty minutes.",
        ),
    },
    Theme {
        name: "care homes",
        findings: &[
            (
                "Visiting rules differ between homes",
                "relatives found visiting rules confusing and different in every home.",
            ),
            (
                "Care home fees are not explained",
                "families did not understand top-up fees until the first bill arrived.",
            ),
        ],
        improvement: (
            "A relatives' charter for care homes",
            "Every commissioned care home signs a charter on visiting, fees and raising concerns.",
        ),
    },
    Theme {
        name: "occupational therapy",
        findings: &[
            (
                "Occupational therapy visit was quick and kind",
                "the occupational therapist came within a week and explained everything clearly.",
            ),
            (
                "Equipment delivered without a demonstration",
                "equipment arrived but no one showed how to use it safely.",
            ),
        ],
        improvement: (
            "Equipment demonstrations at delivery",
            "Whoever delivers equipment shows how to use it and leaves an easy read guide.",
        ),
    },
    Theme {
        name: "complaints",
        findings: &[
            (
                "Informal complaints are not recorded",
                "there is no way to record complaints settled informally, so themes are lost.",
            ),
            (
                "Complaint responses are defensive",
                "replies to complaints explained the rules but did not say sorry or what would change.",
            ),
        ],
        improvement: (
            "Learning from every complaint",
            "Themes from formal and informal complaints are shared with the forum every quarter.",
        ),
    },
    Theme {
        name: "loneliness",
        findings: &[
            (
                "Older people feel cut off",
                "older people living alone said they can go days without speaking to anyone.",
            ),
            (
                "Carers feel isolated",
                "carers said they have lost touch with friends since they started caring.",
            ),
        ],
        improvement: (
            "Friendship calls and community cafés",
            "Volunteers make weekly friendship calls and the forum maps community cafés in every ward.",
        ),
    },
    Theme {
        name: "digital inclusion",
        findings: &[
            (
                "Online-only forms shut people out",
                "people without the internet could not apply for support.",
            ),
            (
                "No help to get online",
                "people wanted to use video calls but had no device or help to start.",
            ),
        ],
        improvement: (
            "Digital buddies in libraries",
            "Trained volunteers in every library help people get online, with devices to borrow.",
        ),
    },
    Theme {
        name: "charging and finance",
        findings: &[
            (
                "Care charges came as a surprise",
                "people received large bills for care they thought was free.",
            ),
            (
                "Financial assessments take months",
                "people built up debts while waiting for a financial assessment.",
            ),
        ],
        improvement: (
            "Charges explained before care starts",
            "Everyone gets a written estimate of their charge, in plain words, before care begins.",
        ),
    },
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
