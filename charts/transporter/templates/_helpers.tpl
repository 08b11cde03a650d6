{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "transporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "transporter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "transporter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The recommended app.kubernetes.io labels plus helm.sh/chart. */}}
{{- define "transporter.labels" -}}
helm.sh/chart: {{ include "transporter.chart" . }}
{{ include "transporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: transporter
{{- end }}

{{- define "transporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "transporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: call with (dict "root" $ "component" "api"). */}}
{{- define "transporter.componentLabels" -}}
{{ include "transporter.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "transporter.componentSelectorLabels" -}}
{{ include "transporter.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "transporter.secretName" -}}
{{- default (printf "%s-secrets" (include "transporter.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "transporter.configName" -}}
{{- printf "%s-config" (include "transporter.fullname" .) }}
{{- end }}

{{- define "transporter.storeServiceName" -}}
{{- printf "%s-store" (include "transporter.fullname" .) }}
{{- end }}

{{- define "transporter.apiImage" -}}
{{- printf "%s:%s" .Values.image.api.repository (default .Chart.AppVersion .Values.image.api.tag) }}
{{- end }}

{{- define "transporter.workerImage" -}}
{{- printf "%s:%s" .Values.image.worker.repository (default .Chart.AppVersion .Values.image.worker.tag) }}
{{- end }}

{{/* Npgsql connection string with the password left as $(POSTGRESQL_PASSWORD), expanded by Kubernetes. */}}
{{- define "transporter.databaseUrlTemplate" -}}
{{- $pg := .Values.externalPostgresql }}
{{- printf "Host=%s;Port=%v;Username=%s;Password=$(POSTGRESQL_PASSWORD);Database=%s" (required "externalPostgresql.host is required" $pg.host) $pg.port $pg.user $pg.database }}
{{- end }}

{{- define "transporter.brokerUrlTemplate" -}}
{{- $mq := .Values.externalRabbitmq }}
{{- printf "amqp://%s:$(RABBITMQ_PASSWORD)@%s:%v/%s" $mq.user (required "externalRabbitmq.host is required" $mq.host) $mq.port $mq.vhost }}
{{- end }}

{{/*
The secret environment every Transporter process reads. Database and broker URLs come whole from the Secret, or,
when externalPostgresql/externalRabbitmq name their own password Secret, are composed here around that password
(Kubernetes expands $(VAR) from variables defined earlier in the same list).
*/}}
{{- define "transporter.secretEnv" -}}
- name: TRANSPORTER_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: master-key
{{- if .Values.externalPostgresql.existingSecret }}
- name: POSTGRESQL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalPostgresql.existingSecret }}
      key: {{ .Values.externalPostgresql.existingSecretPasswordKey }}
- name: TRANSPORTER_DATABASE_URL
  value: {{ include "transporter.databaseUrlTemplate" . | quote }}
{{- else }}
- name: TRANSPORTER_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: database-url
{{- end }}
{{- if .Values.externalRabbitmq.existingSecret }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalRabbitmq.existingSecret }}
      key: {{ .Values.externalRabbitmq.existingSecretPasswordKey }}
- name: TRANSPORTER_BROKER_URL
  value: {{ include "transporter.brokerUrlTemplate" . | quote }}
{{- else }}
- name: TRANSPORTER_BROKER_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: broker-url
{{- end }}
- name: TRANSPORTER_SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: smtp-url
      optional: true
{{- end }}

{{/* Identity settings of the processes that serve it: the API and the store both make sure the first root
exists, and the admin API is answered by whichever of them routes it. */}}
{{- define "transporter.identityEnv" -}}
- name: TRANSPORTER_ROOT_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: root-access-key
- name: TRANSPORTER_ROOT_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: root-secret-key
- name: TRANSPORTER_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "transporter.secretName" . }}
      key: admin-token
      optional: true
{{- end }}

{{/* Restarts pods when the rendered settings change. */}}
{{- define "transporter.checksumAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secrets: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}
