package chart

// Partial is the template that draws a Chart: {{template "chart" .}}. The
// chart's labels are text, escaped by html/template where they land.
const Partial = `{{define "chart"}}<figure class="chart" id="{{.ID}}">
<figcaption>{{.Title}}</figcaption>
{{if .Empty}}<p class="empty">{{.EmptyText}}</p>{{else}}<svg viewBox="0 0 320 200" role="img" aria-label="{{.Alt}}" xmlns="http://www.w3.org/2000/svg">
<title>{{.Alt}}</title>
{{range .Grid}}<line x1="40" x2="312" y1="{{.Y}}" y2="{{.Y}}" class="grid"/><text x="36" y="{{.Y}}" dy="3" text-anchor="end">{{.Label}}</text>{{end}}
<line x1="40" x2="312" y1="160" y2="160" class="axis"/>
{{range .Rects}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" class="bar {{.Class}}"><title>{{.Title}}</title></rect>{{end}}
{{range .Lines}}<polyline points="{{.Points}}" class="line {{.Class}}"/>{{end}}
{{range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="2.5" class="pt {{.Class}}"><title>{{.Title}}</title></circle>{{end}}
{{range .XLabels}}<text x="{{.X}}" y="172" text-anchor="middle">{{.Text}}{{if ne .Text .Full}}<title>{{.Full}}</title>{{end}}</text>{{end}}
</svg>
{{if .Legend}}<ul class="legend">{{range .Legend}}<li><span class="swatch {{.Class}}" aria-hidden="true"></span>{{.Name}}</li>{{end}}</ul>{{end}}
{{if .Note}}<p class="muted small">{{.Note}}</p>{{end}}{{end}}
</figure>{{end}}`
