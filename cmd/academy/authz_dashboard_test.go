package main

// dashboardMatrix covers the learner's home page: each signed-in person
// reads and sets their own, and no route names another person.
func dashboardMatrix() []authzCase {
	signedIn := [5]int{401, 200, 200, 200, 200}
	return []authzCase{
		{method: "GET", path: "/api/v1/me/dashboard", want: signedIn},
		{method: "PUT", path: "/api/v1/me/dashboard/occupations", body: func(*world, role) any {
			return map[string]any{"occupations": []string{matrixOccupation}}
		}, want: signedIn},
	}
}
