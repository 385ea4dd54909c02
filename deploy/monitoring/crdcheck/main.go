// crdcheck decodes Prometheus Operator manifests strictly into the operator's own Go types
// (github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1), the way the
// operator's po-lint does: an unknown field, a wrong type or a wrong kind is an error.
//
// Usage: crdcheck FILE... (each file one object). Exits 1 on the first invalid file.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

func decode(content []byte) (string, error) {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(content, &meta); err != nil {
		return "", err
	}
	if meta.APIVersion != monitoringv1.SchemeGroupVersion.String() {
		return meta.Kind, fmt.Errorf("apiVersion %q, want %q", meta.APIVersion, monitoringv1.SchemeGroupVersion.String())
	}
	var target interface{}
	switch meta.Kind {
	case monitoringv1.ServiceMonitorsKind:
		target = &monitoringv1.ServiceMonitor{}
	case monitoringv1.PodMonitorsKind:
		target = &monitoringv1.PodMonitor{}
	case monitoringv1.ProbesKind:
		target = &monitoringv1.Probe{}
	case monitoringv1.PrometheusRuleKind:
		target = &monitoringv1.PrometheusRule{}
	default:
		return meta.Kind, fmt.Errorf("kind %q is not checked by crdcheck", meta.Kind)
	}
	j, err := yaml.YAMLToJSON(content)
	if err != nil {
		return meta.Kind, err
	}
	decoder := json.NewDecoder(bytes.NewReader(j))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(target); err != nil {
		return meta.Kind, err
	}
	return meta.Kind, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: crdcheck FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		content, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		kind, err := decode(content)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %s is invalid: %v\n", name, kind, err)
			os.Exit(1)
		}
		fmt.Printf("%s: valid %s (%s)\n", name, kind, monitoringv1.SchemeGroupVersion.String())
	}
}
