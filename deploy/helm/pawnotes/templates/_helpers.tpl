{{/* Names */}}
{{- define "pawnotes.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pawnotes.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels: the common ones, and the selector of one component (call with dict "ctx" $ "component" "api"). */}}
{{- define "pawnotes.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pawnotes.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "pawnotes.labels" -}}
{{ include "pawnotes.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: pawnotes
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Image of a component: dict "ctx" $ "image" .Values.api.image */}}
{{- define "pawnotes.image" -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .ctx.Values.image.registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "pawnotes.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pawnotes.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "pawnotes.isPostgres" -}}
{{- if eq .Values.database.engine "postgresql" -}}true{{- end -}}
{{- end -}}

{{/* Whether the API autoscales: only on PostgreSQL (SQLite has one writer). */}}
{{- define "pawnotes.hpa" -}}
{{- if and (eq .Values.database.engine "postgresql") .Values.api.autoscaling.enabled -}}true{{- end -}}
{{- end -}}

{{- define "pawnotes.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "pawnotes.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{- define "pawnotes.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Checks of combinations the schema cannot express. */}}
{{- define "pawnotes.validate" -}}
{{- if and (not .Values.api.demo) (not .Values.secrets.existingSecret) -}}
{{- fail "secrets.existingSecret is required (a Secret with the key secrets.secretKeyKey); only api.demo=true runs without one" -}}
{{- end -}}
{{- if and (eq .Values.database.engine "postgresql") (not .Values.secrets.existingSecret) -}}
{{- fail "database.engine=postgresql needs secrets.existingSecret with the key secrets.databaseUrlKey (the PostgreSQL URL)" -}}
{{- end -}}
{{- if and .Values.postgresql.deploy (ne .Values.database.engine "postgresql") -}}
{{- fail "postgresql.deploy=true needs database.engine=postgresql" -}}
{{- end -}}
{{- if and .Values.postgresql.deploy (not .Values.postgresql.existingSecret) -}}
{{- fail "postgresql.deploy=true needs postgresql.existingSecret (the superuser password)" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (eq .Values.database.engine "postgresql") (not .Values.postgresql.deploy) (not .Values.database.postgresql.cidrs) -}}
{{- fail "database.postgresql.cidrs must list where the external PostgreSQL is (the API's only egress), or set postgresql.deploy=true" -}}
{{- end -}}
{{- if and .Values.alertAnalyzer.enabled (not .Values.alertAnalyzer.existingSecret) -}}
{{- fail "alertAnalyzer.enabled=true needs alertAnalyzer.existingSecret (the webhook token)" -}}
{{- end -}}
{{- end -}}

{{/* NetworkPolicy peers of the ingress path: the ingress controller's namespace (and pod labels), plus the
CIDRs an ALB in IP mode sends from. */}}
{{- define "pawnotes.ingressControllerPeers" -}}
{{- $ic := .Values.networkPolicy.ingressController -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ $ic.namespace }}
  {{- with $ic.podLabels }}
  podSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
  {{- end }}
{{- range $ic.cidrs }}
- ipBlock:
    cidr: {{ . }}
{{- end }}
{{- end -}}
