package grading

import (
	"math"
	"testing"
)

// One valid question of every type, shared by the tests.

func ptr[T any](v T) *T { return &v }

func singleChoiceQuestion() Question {
	return Question{
		ID: "q-single", Type: SingleChoice, Prompt: "Which is supervised?", Explanation: "Labels make it supervised.",
		Options: []Option{
			{ID: "a", Text: "Classification", Correct: true, Feedback: "Yes, it learns from labels."},
			{ID: "b", Text: "Clustering", Feedback: "Clustering has no labels."},
			{ID: "c", Text: "Dimensionality reduction"},
		},
	}
}

func multipleResponseQuestion() Question {
	return Question{
		ID: "q-multi", Type: MultipleResponse, Prompt: "Which are metrics?", Points: 4,
		Options: []Option{
			{ID: "a", Text: "Precision", Correct: true},
			{ID: "b", Text: "Recall", Correct: true},
			{ID: "c", Text: "Learning rate", Feedback: "That is a hyperparameter."},
			{ID: "d", Text: "Batch size"},
		},
	}
}

func trueFalseQuestion() Question {
	return Question{ID: "q-tf", Type: TrueFalse, Prompt: "Overfitting lowers training error.", Correct: ptr(true)}
}

func numericQuestion() Question {
	return Question{
		ID: "q-num", Type: Numeric, Prompt: "Latency?", Points: 2,
		Answer: ptr(42.0), Tolerance: 0.5,
		Units: []Unit{{Unit: "ms", Multiplier: 1}, {Unit: "s", Multiplier: 1000}},
	}
}

func shortAnswerQuestion() Question {
	return Question{
		ID: "q-short", Type: ShortAnswer, Prompt: "Name the model family.",
		Answers: []string{"neural network", "neural networks"},
		Pattern: "neural net(work)?s?",
	}
}

func matchingQuestion() Question {
	return Question{
		ID: "q-match", Type: Matching, Prompt: "Match the metric.", Points: 3,
		Pairs: []Pair{
			{ID: "p1", Left: "Precision", Right: "Share of predicted positives that are right"},
			{ID: "p2", Left: "Recall", Right: "Share of actual positives found"},
			{ID: "p3", Left: "Accuracy", Right: "Share of all predictions that are right"},
		},
		Distractors: []string{"Share of negatives predicted"},
	}
}

func orderingQuestion() Question {
	return Question{
		ID: "q-order", Type: Ordering, Prompt: "Order the steps.",
		Items: []Item{
			{ID: "i1", Text: "Collect data"},
			{ID: "i2", Text: "Train model"},
			{ID: "i3", Text: "Evaluate"},
			{ID: "i4", Text: "Deploy"},
		},
	}
}

func clozeQuestion() Question {
	return Question{
		ID: "q-cloze", Type: Cloze, Prompt: "Fill in.", Points: 2,
		Text: "Supervised learning uses {{g1}} data; clustering is {{g2}}.",
		Gaps: []Gap{
			{ID: "g1", Answers: []string{"labelled", "labeled"}},
			{ID: "g2", Options: []string{"supervised", "unsupervised"}, Answer: "unsupervised"},
		},
	}
}

func essayQuestion() Question {
	return Question{
		ID: "q-essay", Type: Essay, Prompt: "Discuss the risk.", MinWords: 3, MaxWords: 10,
		Rubric: []Criterion{
			{Criterion: "Names the risk category", Points: 2, Levels: []Level{{Points: 0, Description: "No category"}, {Points: 2, Description: "The right category"}}},
			{Criterion: "Gives an example", Points: 3},
		},
	}
}

func allQuestions() []Question {
	return []Question{
		singleChoiceQuestion(), multipleResponseQuestion(), trueFalseQuestion(), numericQuestion(),
		shortAnswerQuestion(), matchingQuestion(), orderingQuestion(), clozeQuestion(), essayQuestion(),
	}
}

func validAssessment() Assessment {
	return Assessment{
		Title: "Check your understanding", Kind: KindAssessment, PassMark: 70, AttemptsAllowed: 3,
		TimeLimitMinutes: 15, Feedback: FeedbackImmediate, ShowCorrectAnswers: true,
		Questions: allQuestions(),
	}
}

func assertScore(t *testing.T, got Result, wantScore float64, wantCorrect bool) {
	t.Helper()
	if math.Abs(got.Score-wantScore) > 1e-9 {
		t.Errorf("score = %v, want %v (feedback %+v)", got.Score, wantScore, got.Feedback)
	}
	if got.Correct != wantCorrect {
		t.Errorf("correct = %v, want %v", got.Correct, wantCorrect)
	}
}
