package main

// The word lists the catalogue generator draws from. Topics carry the
// keywords that tie them to ESCO skills and their French and German names, so
// that generated entries in those languages read like the real ones.

// topic is a subject a course or programme is about.
type topic struct {
	en, fr, de string
	// keywords select the ESCO skills an entry on the topic is tagged with.
	keywords []string
}

var topics = []topic{
	{"Machine Learning", "apprentissage automatique", "maschinelles Lernen", []string{"machine learning", "statistic", "algorithm"}},
	{"Deep Learning", "apprentissage profond", "Deep Learning", []string{"machine learning", "neural", "algorithm"}},
	{"Artificial Intelligence", "intelligence artificielle", "künstliche Intelligenz", []string{"artificial intelligence", "machine learning", "robot"}},
	{"Natural Language Processing", "traitement automatique des langues", "Verarbeitung natürlicher Sprache", []string{"linguistic", "language", "machine learning"}},
	{"Computer Vision", "vision par ordinateur", "Computer Vision", []string{"image", "machine learning", "algorithm"}},
	{"Reinforcement Learning", "apprentissage par renforcement", "bestärkendes Lernen", []string{"machine learning", "algorithm", "robot"}},
	{"Data Science", "science des données", "Data Science", []string{"data", "statistic", "python"}},
	{"Data Engineering", "ingénierie des données", "Data Engineering", []string{"data", "database", "cloud"}},
	{"Big Data Analytics", "analyse des mégadonnées", "Big-Data-Analyse", []string{"data", "analytic", "hadoop"}},
	{"Data Visualisation", "visualisation de données", "Datenvisualisierung", []string{"visual", "data", "present"}},
	{"Statistics", "statistique", "Statistik", []string{"statistic", "mathemat", "probabilit"}},
	{"Cloud Computing", "informatique en nuage", "Cloud Computing", []string{"cloud", "network", "virtual"}},
	{"Cybersecurity", "cybersécurité", "Cybersicherheit", []string{"security", "cyber", "attack"}},
	{"Software Engineering", "génie logiciel", "Softwaretechnik", []string{"software", "programming", "test"}},
	{"Python Programming", "programmation Python", "Python-Programmierung", []string{"python", "programming", "software"}},
	{"Databases and SQL", "bases de données et SQL", "Datenbanken und SQL", []string{"database", "sql", "query"}},
	{"Robotics", "robotique", "Robotik", []string{"robot", "automation", "control"}},
	{"Internet of Things", "internet des objets", "Internet der Dinge", []string{"internet of things", "sensor", "network"}},
	{"MLOps", "MLOps", "MLOps", []string{"machine learning", "deploy", "software"}},
	{"Generative AI", "IA générative", "generative KI", []string{"artificial intelligence", "machine learning", "content"}},
	{"Prompt Engineering", "ingénierie des prompts", "Prompt Engineering", []string{"artificial intelligence", "language", "content"}},
	{"Responsible AI", "IA responsable", "verantwortungsvolle KI", []string{"ethic", "artificial intelligence", "legislation"}},
	{"AI Ethics", "éthique de l'IA", "KI-Ethik", []string{"ethic", "artificial intelligence", "privacy"}},
	{"Explainable AI", "IA explicable", "erklärbare KI", []string{"machine learning", "interpret", "artificial intelligence"}},
	{"Data Protection and GDPR", "protection des données et RGPD", "Datenschutz und DSGVO", []string{"data protection", "privacy", "legislation"}},
	{"Digital Transformation", "transformation numérique", "digitale Transformation", []string{"digital", "business", "change"}},
	{"Time Series Forecasting", "prévision de séries temporelles", "Zeitreihenprognose", []string{"forecast", "statistic", "data"}},
	{"Recommender Systems", "systèmes de recommandation", "Empfehlungssysteme", []string{"machine learning", "data", "user"}},
	{"Knowledge Graphs", "graphes de connaissances", "Wissensgraphen", []string{"ontolog", "semantic", "data"}},
	{"Information Retrieval", "recherche d'information", "Information Retrieval", []string{"search", "query", "information"}},
	{"Human-Computer Interaction", "interaction homme-machine", "Mensch-Computer-Interaktion", []string{"user", "interface", "design"}},
	{"Quantum Computing", "informatique quantique", "Quantencomputing", []string{"mathemat", "algorithm", "physic"}},
	{"Edge AI", "IA embarquée", "Edge-KI", []string{"embedded", "machine learning", "hardware"}},
	{"Speech Recognition", "reconnaissance vocale", "Spracherkennung", []string{"speech", "language", "signal"}},
	{"Bioinformatics", "bio-informatique", "Bioinformatik", []string{"biolog", "data", "statistic"}},
	{"Health Informatics", "informatique de santé", "Medizininformatik", []string{"health", "data", "record"}},
	{"Financial Technology", "technologies financières", "Finanztechnologie", []string{"financ", "data", "risk"}},
	{"Geospatial Data Science", "science des données géospatiales", "Geodatenanalyse", []string{"geograph", "data", "map"}},
	{"AI for Manufacturing", "IA pour l'industrie", "KI in der Produktion", []string{"manufactur", "automation", "quality"}},
	{"AI in Healthcare", "IA en santé", "KI im Gesundheitswesen", []string{"health", "artificial intelligence", "data"}},
	{"Linear Algebra for AI", "algèbre linéaire pour l'IA", "lineare Algebra für KI", []string{"mathemat", "algebra", "algorithm"}},
	{"Probability and Inference", "probabilités et inférence", "Wahrscheinlichkeit und Inferenz", []string{"probabilit", "statistic", "mathemat"}},
	{"Neural Networks", "réseaux de neurones", "neuronale Netze", []string{"neural", "machine learning", "algorithm"}},
	{"Large Language Models", "grands modèles de langage", "große Sprachmodelle", []string{"language", "artificial intelligence", "machine learning"}},
	{"Optimisation", "optimisation", "Optimierung", []string{"optimis", "mathemat", "algorithm"}},
	{"Embedded Systems", "systèmes embarqués", "eingebettete Systeme", []string{"embedded", "hardware", "software"}},
	{"Autonomous Vehicles", "véhicules autonomes", "autonome Fahrzeuge", []string{"robot", "sensor", "control"}},
	{"Business Intelligence", "informatique décisionnelle", "Business Intelligence", []string{"business", "report", "data"}},
	{"Web Development", "développement web", "Webentwicklung", []string{"web", "javascript", "programming"}},
	{"DevOps and Automation", "DevOps et automatisation", "DevOps und Automatisierung", []string{"automation", "deploy", "software"}},
}

// Title patterns: {topic} is the topic's name, {Topic} the same capitalised,
// {audience} who the course is for.
var (
	courseTitlesEN = []string{
		"Introduction to {topic}", "Foundations of {topic}", "Applied {topic}", "Advanced {topic}", "Hands-on {topic}",
		"Practical {topic}", "{Topic} Essentials", "{Topic} in Practice", "{Topic} for Beginners", "Mastering {topic}",
		"{Topic}: Concepts and Tools", "{Topic} Bootcamp", "Understanding {topic}", "{Topic} Masterclass",
		"{Topic} for {audience}", "{Topic} for {audience}: a Practical Guide", "Getting Started with {topic} for {audience}",
	}
	courseTitlesFR = []string{
		"Introduction : {topic}", "Les fondamentaux : {topic}", "{Topic} en pratique", "{Topic} pour débutants",
		"Maîtriser : {topic}", "Atelier {topic}", "{Topic} : notions et outils",
	}
	courseTitlesDE = []string{
		"Einführung: {Topic}", "Grundlagen: {Topic}", "{Topic} für Einsteiger", "{Topic} in der Praxis",
		"{Topic} kompakt", "Praxiskurs {Topic}", "{Topic}: Konzepte und Werkzeuge",
	}
	programmeTitlesEN = map[string][]string{
		"bachelor": {"BSc {Topic}", "Bachelor of Science in {Topic}", "Bachelor in {Topic}", "BEng {Topic}"},
		"master":   {"MSc {Topic}", "Master of Science in {Topic}", "Master in {Topic}", "MEng {Topic}", "Executive Master in {Topic}"},
		"phd":      {"PhD in {Topic}", "Doctoral Programme in {Topic}"},
		"short":    {"Certificate in {Topic}", "Professional Diploma in {Topic}", "Micro-credential in {Topic}", "Short Programme in {Topic}"},
	}
	programmeTitlesFR = map[string][]string{
		"bachelor": {"Licence {topic}", "Bachelor {topic}"},
		"master":   {"Master {topic}", "Master spécialisé : {topic}", "Mastère spécialisé {topic}"},
		"phd":      {"Doctorat : {topic}"},
		"short":    {"Certificat {topic}", "Diplôme universitaire {topic}"},
	}
	programmeTitlesDE = map[string][]string{
		"bachelor": {"Bachelor {Topic}", "B.Sc. {Topic}"},
		"master":   {"Master {Topic}", "M.Sc. {Topic}", "Masterstudiengang {Topic}"},
		"phd":      {"Promotionsprogramm {Topic}"},
		"short":    {"Zertifikatskurs {Topic}", "Weiterbildung {Topic}"},
	}
)

var audiences = []string{
	"Managers", "SMEs", "Public Servants", "Healthcare Professionals", "Teachers", "Engineers",
	"Lawyers", "Marketers", "Journalists", "Researchers", "Product Owners", "Software Developers",
	"Data Analysts", "Farmers", "Logistics Teams", "Startups",
}

var tools = []string{
	"Python", "PyTorch", "TensorFlow", "scikit-learn", "R", "SQL", "Spark", "Kubernetes", "Docker",
	"Jupyter", "pandas", "Hugging Face", "Power BI", "Tableau", "Julia", "Rust", "Java", "Excel",
}

// Sentence patterns of summaries and bodies: {topic}, {tool}, {audience}
// (lower case) and {n}, a module number.
var (
	summaryEN = []string{
		"Learn the core ideas of {topic} and apply them with {tool} to real problems faced by {audience}.",
		"A practical route into {topic}: worked examples in {tool}, short quizzes and a final project for {audience}.",
		"Understand how {topic} works, where it fails and how to use it responsibly, with exercises in {tool}.",
		"From first principles to deployment: {topic} for {audience}, taught with {tool} and case studies from European industry.",
		"Build a portfolio in {topic} with guided labs in {tool}, designed for {audience} who want to upskill.",
	}
	summaryFR = []string{
		"Découvrez les notions clés en {topic} et appliquez-les avec {tool} à des cas concrets.",
		"Un parcours pratique en {topic} : exemples commentés avec {tool}, quiz et projet final.",
		"Comprendre les méthodes en {topic}, leurs limites et leur usage responsable, avec des exercices en {tool}.",
	}
	summaryDE = []string{
		"Lernen Sie die Grundideen im Bereich {topic} kennen und wenden Sie sie mit {tool} auf reale Aufgaben an.",
		"Ein praxisnaher Einstieg in das Thema {topic}: Beispiele mit {tool}, Quizze und ein Abschlussprojekt.",
		"Verstehen Sie Methoden im Bereich {topic} und ihre Grenzen, mit Übungen in {tool}.",
	}
	bodyEN = []string{
		"Module {n} covers the mathematics behind {topic} without heavy notation.",
		"You will clean and explore data sets, train models with {tool} and evaluate them honestly.",
		"Case studies come from manufacturing, public administration, healthcare and retail.",
		"Each week ends with a quiz; the capstone asks {audience} to solve a problem from their own work.",
		"We discuss bias, fairness, privacy and the obligations of the EU AI Act.",
		"Guest lectures by practitioners show how {topic} is used in small and large organisations.",
		"Assessment combines automatically graded quizzes with a peer-reviewed project.",
		"No prior programming experience is required; an optional track goes deeper with {tool}.",
	}
	bodyFR = []string{
		"Le module {n} présente les bases mathématiques en {topic} sans formalisme lourd.",
		"Vous préparerez des données, entraînerez des modèles avec {tool} et les évaluerez rigoureusement.",
		"Les études de cas viennent de l'industrie, de l'administration publique et de la santé.",
		"Nous abordons les biais, l'équité, la vie privée et le règlement européen sur l'IA.",
		"Chaque semaine se termine par un quiz corrigé automatiquement.",
	}
	bodyDE = []string{
		"Modul {n} behandelt die mathematischen Grundlagen im Bereich {topic} ohne schwere Notation.",
		"Sie bereiten Daten auf, trainieren Modelle mit {tool} und bewerten sie sorgfältig.",
		"Die Fallstudien stammen aus Industrie, öffentlicher Verwaltung und Gesundheitswesen.",
		"Wir besprechen Verzerrungen, Fairness, Datenschutz und die Pflichten aus der KI-Verordnung.",
		"Jede Woche endet mit einem automatisch bewerteten Quiz.",
	}
	moduleTitles = []string{
		"Getting started", "Core concepts", "Working with data", "Models and methods", "Evaluation",
		"Deployment", "Ethics and regulation", "Case studies", "Capstone project", "Going further",
	}
)

// country is a country institutions are in, with its cities and the language taught there most.
type country struct {
	code     string
	language string
	cities   []string
	// weight is how many institutions of every hundred are in the country.
	weight int
}

var countries = []country{
	{"DE", "de", []string{"Berlin", "Munich", "Hamburg", "Aachen", "Dresden", "Karlsruhe", "Stuttgart", "Leipzig"}, 14},
	{"FR", "fr", []string{"Paris", "Lyon", "Toulouse", "Grenoble", "Lille", "Nantes", "Bordeaux", "Strasbourg"}, 12},
	{"ES", "es", []string{"Madrid", "Barcelona", "Valencia", "Seville", "Bilbao", "Granada"}, 8},
	{"IT", "it", []string{"Milan", "Rome", "Turin", "Bologna", "Naples", "Pisa"}, 8},
	{"NL", "nl", []string{"Amsterdam", "Delft", "Eindhoven", "Utrecht", "Groningen", "Leiden"}, 7},
	{"PL", "pl", []string{"Warsaw", "Kraków", "Wrocław", "Gdańsk", "Poznań"}, 6},
	{"BE", "fr", []string{"Brussels", "Leuven", "Ghent", "Liège", "Antwerp"}, 4},
	{"AT", "de", []string{"Vienna", "Graz", "Linz", "Innsbruck"}, 4},
	{"SE", "sv", []string{"Stockholm", "Gothenburg", "Uppsala", "Lund"}, 4},
	{"FI", "fi", []string{"Helsinki", "Espoo", "Tampere", "Oulu"}, 3},
	{"DK", "da", []string{"Copenhagen", "Aarhus", "Odense"}, 3},
	{"PT", "pt", []string{"Lisbon", "Porto", "Coimbra", "Braga"}, 4},
	{"IE", "en", []string{"Dublin", "Cork", "Galway", "Limerick"}, 4},
	{"CZ", "cs", []string{"Prague", "Brno", "Ostrava"}, 3},
	{"GR", "el", []string{"Athens", "Thessaloniki", "Patras"}, 3},
	{"RO", "ro", []string{"Bucharest", "Cluj-Napoca", "Iași", "Timișoara"}, 3},
	{"HU", "hu", []string{"Budapest", "Debrecen", "Szeged"}, 2},
	{"EE", "et", []string{"Tallinn", "Tartu"}, 2},
	{"LT", "lt", []string{"Vilnius", "Kaunas"}, 1},
	{"LU", "fr", []string{"Luxembourg"}, 1},
	{"SI", "sl", []string{"Ljubljana", "Maribor"}, 1},
	{"HR", "hr", []string{"Zagreb", "Split"}, 1},
	{"BG", "bg", []string{"Sofia", "Plovdiv"}, 1},
	{"SK", "sk", []string{"Bratislava", "Košice"}, 1},
}

// Institution name patterns by the language of the country.
var institutionNames = map[string][]string{
	"de": {"Technische Universität {city}", "Universität {city}", "Hochschule {city}", "{city} School of Data", "KI-Akademie {city}"},
	"fr": {"Université de {city}", "École d'ingénieurs de {city}", "Institut du numérique de {city}", "{city} Business School"},
	"":   {"University of {city}", "{city} University of Technology", "{city} Institute of Technology", "{city} Digital Academy", "{city} School of AI", "{city} Polytechnic"},
}
