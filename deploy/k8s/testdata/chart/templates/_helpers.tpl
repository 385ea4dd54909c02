{{- define "pn.labels" -}}
app.kubernetes.io/name: pawnotes
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
{{- define "pn.selector" -}}
app.kubernetes.io/name: pawnotes
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- define "pn.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile: {type: RuntimeDefault}
{{- end }}
{{- define "pn.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
{{- end }}
{{- define "pn.apiPod" -}}
metadata:
  labels:
    {{- include "pn.labels" . | nindent 4 }}
    app.kubernetes.io/component: api
  {{- with .Values.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ .Release.Name }}-pawnotes
  automountServiceAccountToken: false
  {{- include "pn.podSecurity" . | nindent 2 }}
  containers:
    - name: api
      image: {{ .Values.api.image }}
      ports: [{name: http, containerPort: 8080}]
      env:
        - name: PAWNOTES_DATABASE_URL
          {{- if eq .Values.database.engine "sqlite" }}
          value: sqlite:///data/pawnotes.db
          {{- else }}
          valueFrom: {secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: url}}
          {{- end }}
      startupProbe: {httpGet: {path: /readyz, port: http}, failureThreshold: 30, periodSeconds: 2}
      readinessProbe: {httpGet: {path: /readyz, port: http}, periodSeconds: 5}
      livenessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 10}
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {cpu: "1", memory: 512Mi}
      {{- include "pn.containerSecurity" . | nindent 6 }}
      volumeMounts:
        - {name: tmp, mountPath: /tmp}
        {{- if eq .Values.database.engine "sqlite" }}
        - {name: data, mountPath: /data}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
{{- end }}
