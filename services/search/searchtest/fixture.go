package searchtest

import (
	"time"

	"academy/services/search"
)

// Fixture ids.
var (
	mlFoundations  = search.DocumentID(search.TypeCourse, "ml-foundations")
	neuralNetworks = search.DocumentID(search.TypeCourse, "neural-networks")
	introIA        = search.DocumentID(search.TypeCourse, "intro-ia")
	grundlagenML   = search.DocumentID(search.TypeCourse, "grundlagen-ml")
	mscAI          = search.DocumentID(search.TypeProgramme, "msc-ai")
	bscDataScience = search.DocumentID(search.TypeProgramme, "bsc-data-science")
	phdRobotics    = search.DocumentID(search.TypeProgramme, "phd-robotics")
	aiChallenge    = search.DocumentID(search.TypeCompetition, "eu-ai-challenge")
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small catalogue in English, French and German.
func fixture() []search.Document {
	return []search.Document{
		{
			ID: mlFoundations, Type: search.TypeCourse, Slug: "ml-foundations",
			Title:    "Machine Learning Foundations",
			Summary:  "Supervised and unsupervised learning with Python, from linear models to gradient boosting.",
			Body:     "Regression, classification, model evaluation and feature engineering on real data sets.",
			Language: "en", Level: search.LevelBeginner, Country: "NL", City: "Delft",
			Delivery: "online", StudyMode: "self_paced",
			Institution: "tu-delft", InstitutionName: "Delft University of Technology",
			Skills: []string{"esco:machine-learning"}, SkillLabels: []string{"machine learning", "statistical learning"},
			ECTS: 5, Languages: []string{"en"}, WorkloadHours: 140, PublishedAt: day("2025-01-10"),
		},
		{
			ID: neuralNetworks, Type: search.TypeCourse, Slug: "neural-networks",
			Title:    "Neural Networks from Scratch",
			Summary:  "Build and train multilayer perceptrons and convolutional networks by hand.",
			Body:     "Backpropagation, optimisers, regularisation and a small image classifier.",
			Language: "en", Level: search.LevelIntermediate, Country: "NL", City: "Delft",
			Delivery: "online", StudyMode: "self_paced",
			Institution: "tu-delft", InstitutionName: "Delft University of Technology",
			Skills: []string{"esco:neural-networks"},
			SkillLabels: []string{"neural networks", "artificial neural networks", "deep learning",
				"réseaux de neurones"},
			ECTS: 6, Languages: []string{"en"}, WorkloadHours: 160, PublishedAt: day("2025-03-01"),
		},
		{
			ID: introIA, Type: search.TypeCourse, Slug: "intro-ia",
			Title:    "Introduction à l'intelligence artificielle",
			Summary:  "Les bases de l'IA : recherche, raisonnement et apprentissage.",
			Body:     "Un cours en ligne ouvert à tous, sans prérequis.",
			Language: "fr", Level: search.LevelBeginner, Country: "FR", City: "Paris",
			Delivery: "online", StudyMode: "self_paced",
			Institution: "inria", InstitutionName: "Inria Academy",
			Skills: []string{"esco:ai-ethics"}, SkillLabels: []string{"ethics of AI"},
			ECTS: 3, Languages: []string{"fr"}, WorkloadHours: 60, PublishedAt: day("2024-09-15"),
		},
		{
			ID: grundlagenML, Type: search.TypeCourse, Slug: "grundlagen-ml",
			Title:    "Grundlagen des maschinellen Lernens",
			Summary:  "Überwachtes und unüberwachtes Lernen mit Python.",
			Body:     "Regression, Klassifikation und Modellbewertung an echten Datensätzen.",
			Language: "de", Level: search.LevelBeginner, Country: "DE", City: "München",
			Delivery: "hybrid", StudyMode: "part_time",
			Institution: "tum", InstitutionName: "Technische Universität München",
			ECTS: 5, Languages: []string{"de"}, WorkloadHours: 150, PublishedAt: day("2024-11-20"),
		},
		{
			ID: mscAI, Type: search.TypeProgramme, Slug: "msc-ai",
			Title:    "MSc Artificial Intelligence",
			Summary:  "A two-year master programme in machine learning, robotics and the ethics of AI.",
			Body:     "Core courses, electives and a thesis project with industry partners.",
			Language: "en", EQFLevel: 7, Cycle: search.CycleMaster, Country: "NL", City: "Delft",
			Delivery: "onsite", StudyMode: "full_time",
			Institution: "tu-delft", InstitutionName: "Delft University of Technology",
			Skills:      []string{"esco:machine-learning", "esco:robotics"},
			SkillLabels: []string{"machine learning", "robotics"},
			ECTS:        120, TuitionEU: 2530, TuitionNonEU: 20000, Languages: []string{"en"},
			PublishedAt: day("2025-02-01"),
		},
		{
			ID: bscDataScience, Type: search.TypeProgramme, Slug: "bsc-data-science",
			Title:    "BSc Data Science",
			Summary:  "Statistics, programming and databases in a three-year bachelor programme.",
			Body:     "Taught in German in the first year and in English afterwards.",
			Language: "en", EQFLevel: 6, Cycle: search.CycleBachelor, Country: "DE", City: "München",
			Delivery: "onsite", StudyMode: "full_time",
			Institution: "tum", InstitutionName: "Technische Universität München",
			Skills: []string{"esco:data-science"}, SkillLabels: []string{"data science", "data analytics"},
			ECTS: 180, TuitionEU: 0, TuitionNonEU: 6000, Languages: []string{"de", "en"},
			PublishedAt: day("2024-06-30"),
		},
		{
			ID: phdRobotics, Type: search.TypeProgramme, Slug: "phd-robotics",
			Title:    "Doctorate in Robotics",
			Summary:  "Three years of research in autonomous robots and human-robot interaction.",
			Body:     "Doctoral school with supervision in French or English.",
			Language: "en", EQFLevel: 8, Cycle: search.CyclePhD, Country: "FR", City: "Grenoble",
			Delivery: "onsite", StudyMode: "full_time",
			Institution: "uga", InstitutionName: "Université Grenoble Alpes",
			Skills: []string{"esco:robotics"}, SkillLabels: []string{"robotics"},
			ECTS: 240, TuitionEU: 380, TuitionNonEU: 380, Languages: []string{"fr", "en"},
			PublishedAt: day("2024-12-05"),
		},
		{
			ID: aiChallenge, Type: search.TypeCompetition, Slug: "eu-ai-challenge",
			Title:    "European AI Challenge",
			Summary:  "Teams solve a real industry problem & win a place in the talent pool <for 2026>.",
			Body:     "Teams of up to four submit models that are graded on hidden test data.",
			Language: "en", Country: "BE", City: "Brussels", Delivery: "online",
			Institution: "eu-academy", InstitutionName: "AI Skills Academy",
			Languages: []string{"en"}, PublishedAt: day("2025-04-01"),
		},
	}
}

// byID returns the fixture document with the given id.
func byID(id string) search.Document {
	for _, d := range fixture() {
		if d.ID == id {
			return d
		}
	}
	panic("no fixture document " + id)
}
