// Package grading holds the assessment format and its pure graders. Nothing
// here does I/O or reads the clock, so every result follows from its inputs.
//
// An attempt goes through it in this order:
//
//   - Assessment.Validate checks authored content and names every bad field.
//   - Draw picks and orders an attempt's questions from a seed the caller
//     keeps with the attempt; the same seed gives the same questions.
//   - Public turns a drawn question into what the learner may see.
//   - DecodeAnswer checks a learner's JSON answer against the drawn question
//     and returns it in the question's authored ids.
//   - Grade and GradeAttempt score answers; Result keeps the correct answer
//     (Solution) apart so the caller can withhold it per the feedback policy.
//
// Learners answer in the ids Public shows them. Those are the authored ids
// except for ordering items ("o1", "o2", ...) and matching right-hand items
// ("r1", "r2", ...), which are numbered by their shuffled display position:
// authored ids such as i1, i2, i3 or a right item sharing its pair's id
// would give the answer away. For example:
//
//	{"choice": "a"}                          single_choice
//	{"choices": ["a", "c"]}                  multiple_response
//	{"value": true}                          true_false
//	{"number": "42,3", "unit": "ms"}         numeric
//	{"text": "Neural networks"}              short_answer, essay
//	{"matches": {"p1": "r3", "p2": "r1"}}    matching: left pair id → public right id
//	{"order": ["o2", "o1", "o3"]}            ordering: public item ids
//	{"gaps": {"g1": "labeled"}}              cloze
package grading
