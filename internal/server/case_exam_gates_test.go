package server_test

import "sigap/internal/access"

// The routes of the examination part of a case (internal/web/case_exam.go)
// join the access matrix.
func init() {
	for route, g := range map[string]gate{
		"POST /cases/{id}/bap":                           {cap: access.ManageCharges, object: "case"},
		"POST /cases/{id}/statements":                    {cap: access.ManageCharges, object: "case"},
		"GET /cases/{id}/statements/{statement}/remove":  {cap: access.ManageCharges, object: "case"},
		"POST /cases/{id}/statements/{statement}/remove": {cap: access.ManageCharges, object: "case"},
		"POST /cases/{id}/release":                       {cap: access.ManageCharges, object: "case"},
	} {
		pageGates[route] = g
	}
}
