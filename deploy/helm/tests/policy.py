"""The chart's policy, as functions over rendered manifests that return the list of violations (empty = ok).
The tests run them on every profile (no violation allowed) and on deliberately broken overrides (the
violation must be found)."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional, Tuple

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod")
NAME_LABEL = "app.kubernetes.io/name"
INSTANCE_LABEL = "app.kubernetes.io/instance"
COMPONENT_LABEL = "app.kubernetes.io/component"


def ref(doc: dict) -> str:
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def by_kind(docs: List[dict], kind: str) -> List[dict]:
    return [d for d in docs if d.get("kind") == kind]


def pod_spec(doc: dict) -> Optional[dict]:
    kind = doc.get("kind")
    if kind == "Pod":
        return doc.get("spec")
    if kind == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    if kind in WORKLOAD_KINDS:
        return doc["spec"]["template"]["spec"]
    return None


def pod_labels(doc: dict) -> Dict[str, str]:
    if doc.get("kind") == "Pod":
        return doc["metadata"].get("labels", {})
    if doc.get("kind") == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["metadata"].get("labels", {})
    return doc["spec"]["template"]["metadata"].get("labels", {})


def workloads(docs: List[dict]) -> Iterator[Tuple[dict, dict]]:
    for d in docs:
        spec = pod_spec(d)
        if spec is not None:
            yield d, spec


def containers(spec: dict) -> Iterator[Tuple[str, dict]]:
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(key) or []:
            yield key, c


# ------------------------------------------------------------------ hardening


def hardening_violations(docs: List[dict]) -> List[str]:
    """Pod and container security contexts: non-root, read-only root filesystem, no privilege escalation,
    every capability dropped, RuntimeDefault seccomp (on both levels), no host namespaces, no SA token."""
    out: List[str] = []
    for doc, spec in workloads(docs):
        where = ref(doc)
        psc = spec.get("securityContext") or {}
        if psc.get("runAsNonRoot") is not True:
            out.append(f"{where}: pod securityContext.runAsNonRoot is not true")
        if psc.get("runAsUser") == 0:
            out.append(f"{where}: pod securityContext.runAsUser is 0")
        if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            out.append(f"{where}: pod securityContext.seccompProfile.type is not RuntimeDefault")
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(flag):
                out.append(f"{where}: {flag} is set")
        if spec.get("automountServiceAccountToken") is not False:
            out.append(f"{where}: automountServiceAccountToken is not false")
        for vol in spec.get("volumes") or []:
            if "hostPath" in vol:
                out.append(f"{where}: volume {vol.get('name')} is a hostPath")
        for key, c in containers(spec):
            cw = f"{where} {key[:-1]} {c.get('name')}"
            sc = c.get("securityContext") or {}
            if sc.get("runAsNonRoot") is not True:
                out.append(f"{cw}: securityContext.runAsNonRoot is not true")
            if sc.get("runAsUser") == 0:
                out.append(f"{cw}: securityContext.runAsUser is 0")
            if sc.get("readOnlyRootFilesystem") is not True:
                out.append(f"{cw}: securityContext.readOnlyRootFilesystem is not true")
            if sc.get("allowPrivilegeEscalation") is not False:
                out.append(f"{cw}: securityContext.allowPrivilegeEscalation is not false")
            if sc.get("privileged"):
                out.append(f"{cw}: securityContext.privileged is true")
            caps = sc.get("capabilities") or {}
            if [x.upper() for x in caps.get("drop") or []] != ["ALL"]:
                out.append(f"{cw}: securityContext.capabilities.drop is not [ALL]")
            if caps.get("add"):
                out.append(f"{cw}: securityContext.capabilities.add is {caps['add']}")
            if (sc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
                out.append(f"{cw}: securityContext.seccompProfile.type is not RuntimeDefault")
            if c.get("image", "").endswith(":latest") or ":" not in c.get("image", ""):
                out.append(f"{cw}: image {c.get('image')!r} has no pinned tag")
    return out


def _has_quantity(res: dict, section: str, name: str) -> bool:
    return bool((res.get(section) or {}).get(name))


def probe_and_resource_violations(docs: List[dict]) -> List[str]:
    """Every container: readiness and liveness probes, requests and limits of cpu and memory; the API also has
    a startup probe on /readyz, readiness on /readyz and liveness on /healthz. A read-only root filesystem
    needs a writable /tmp: every container mounts one."""
    out: List[str] = []
    for doc, spec in workloads(docs):
        vols = {v["name"]: v for v in spec.get("volumes") or []}
        for key, c in containers(spec):
            if key != "containers":
                continue
            cw = f"{ref(doc)} container {c.get('name')}"
            for probe in ("readinessProbe", "livenessProbe"):
                if not c.get(probe):
                    out.append(f"{cw}: no {probe}")
            res = c.get("resources") or {}
            for section in ("requests", "limits"):
                for name in ("cpu", "memory"):
                    if not _has_quantity(res, section, name):
                        out.append(f"{cw}: no resources.{section}.{name}")
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts") or []}
            if "/tmp" not in mounts or "emptyDir" not in vols.get(mounts["/tmp"], {}):
                out.append(f"{cw}: /tmp is not an emptyDir mount")
            if pod_labels(doc).get(COMPONENT_LABEL) == "api":
                expect = {"startupProbe": "/readyz", "readinessProbe": "/readyz", "livenessProbe": "/healthz"}
                for probe, path in expect.items():
                    got = ((c.get(probe) or {}).get("httpGet") or {}).get("path")
                    if got != path:
                        out.append(f"{cw}: {probe} path is {got!r}, expected {path}")
    return out


# ------------------------------------------------------------------ network policies


def _selects(selector: dict, labels: Dict[str, str]) -> bool:
    """Whether a LabelSelector selects pods with these labels (matchLabels and matchExpressions)."""
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        key, op, values = e["key"], e["operator"], e.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def policies_for(docs: List[dict], labels: Dict[str, str]) -> List[dict]:
    return [p for p in by_kind(docs, "NetworkPolicy") if _selects(p["spec"].get("podSelector") or {}, labels)]


def _ns_peer(peer: dict, namespace: str, pod_labels_: Dict[str, str]) -> bool:
    """Whether a peer is exactly 'pods with these labels in that namespace'."""
    ns = (peer.get("namespaceSelector") or {}).get("matchLabels") or {}
    pods = (peer.get("podSelector") or {}).get("matchLabels") or {}
    return ns == {"kubernetes.io/metadata.name": namespace} and pods == pod_labels_ and "ipBlock" not in peer


def _is_dns_rule(rule: dict, dns_namespace: str = "kube-system") -> bool:
    ports = sorted((p.get("protocol", "TCP"), p.get("port")) for p in rule.get("ports") or [])
    peers = rule.get("to") or []
    return (
        ports == [("TCP", 53), ("UDP", 53)]
        and len(peers) == 1
        and _ns_peer(peers[0], dns_namespace, {"k8s-app": "kube-dns"})
    )


def network_policy_violations(docs: List[dict], values: Dict[str, Any]) -> List[str]:
    """Zero trust over the rendered policies. `values` says what the profile deploys:
    {"engine": "sqlite"|"postgresql", "in_cluster_pg": bool, "pg_cidrs": [...], "pg_port": int}."""
    out: List[str] = []
    nps = by_kind(docs, "NetworkPolicy")
    if not nps:
        return ["no NetworkPolicy is rendered"]

    release = {}
    for doc, _ in workloads(docs):
        release = {k: pod_labels(doc)[k] for k in (NAME_LABEL, INSTANCE_LABEL)}
        break

    # 1. A default deny: selects every pod of the release, both directions, no rule at all.
    deny = [
        p
        for p in nps
        if sorted(p["spec"].get("policyTypes") or []) == ["Egress", "Ingress"]
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
        and (p["spec"].get("podSelector") or {}).get("matchLabels") == release
        and not (p["spec"].get("podSelector") or {}).get("matchExpressions")
    ]
    if not deny:
        out.append("no default-deny NetworkPolicy (Ingress+Egress, no rules) for all the release's pods")

    # 2. Every egress rule anywhere is DNS-to-kube-dns, or one of the allowed flows of its component.
    for doc, _ in workloads(docs):
        labels = pod_labels(doc)
        component = labels.get(COMPONENT_LABEL, "")
        where = ref(doc)
        pols = policies_for(docs, labels)
        if not any(p in deny for p in pols):
            out.append(f"{where}: not selected by the default-deny policy")
        egress_rules = [r for p in pols for r in p["spec"].get("egress") or []]
        ingress_rules = [r for p in pols for r in p["spec"].get("ingress") or []]
        if not any(_is_dns_rule(r) for r in egress_rules):
            out.append(f"{where}: no DNS egress to kube-dns (kube-system, k8s-app=kube-dns, UDP+TCP 53)")
        for r in egress_rules:
            if not r.get("to"):
                out.append(f"{where}: an egress rule without 'to' (allows every destination)")
            if not r.get("ports"):
                out.append(f"{where}: an egress rule without ports")
        for r in ingress_rules:
            if not r.get("from"):
                out.append(f"{where}: an ingress rule without 'from' (allows every source)")
            if not r.get("ports"):
                out.append(f"{where}: an ingress rule without ports")
        non_dns = [r for r in egress_rules if not _is_dns_rule(r)]
        # Any DNS-port rule that is not exactly kube-dns is a leak.
        for r in non_dns:
            for p in r.get("ports") or []:
                if p.get("port") == 53:
                    out.append(f"{where}: port 53 egress to something other than kube-dns: {r.get('to')}")

        if component == "api":
            if values["engine"] == "sqlite":
                if non_dns:
                    out.append(f"{where}: the SQLite API has egress besides DNS: {non_dns}")
            else:
                want_port = 5432 if values.get("in_cluster_pg") else values.get("pg_port", 5432)
                for r in non_dns:
                    ports = [(p.get("protocol", "TCP"), p.get("port")) for p in r.get("ports") or []]
                    if ports != [("TCP", want_port)]:
                        out.append(f"{where}: egress on {ports}, only TCP {want_port} (the database) is allowed")
                    for peer in r.get("to") or []:
                        if values.get("in_cluster_pg"):
                            ok = (
                                set(peer) == {"podSelector"}
                                and (peer["podSelector"].get("matchLabels") or {}).get(COMPONENT_LABEL)
                                == "postgresql"
                            )
                        else:
                            ok = set(peer) == {"ipBlock"} and peer["ipBlock"].get("cidr") in values.get(
                                "pg_cidrs", []
                            )
                            if ok and peer["ipBlock"]["cidr"] in ("0.0.0.0/0", "::/0"):
                                ok = False
                        if not ok:
                            out.append(f"{where}: egress to {peer} is not the database")
                if not non_dns:
                    out.append(f"{where}: no egress to the database")
            # Ingress: ingress controller (namespace or the ALB's CIDRs), web pods, Prometheus; port 8080 only.
            sources = set()
            for r in ingress_rules:
                ports = [(p.get("protocol", "TCP"), p.get("port")) for p in r.get("ports") or []]
                if ports != [("TCP", 8080)]:
                    out.append(f"{where}: ingress on {ports}, only TCP 8080 is allowed")
                for peer in r.get("from") or []:
                    if _ns_peer(peer, "monitoring", {"app.kubernetes.io/name": "prometheus"}):
                        sources.add("prometheus")
                    elif set(peer) == {"podSelector"} and (peer["podSelector"].get("matchLabels") or {}).get(
                        COMPONENT_LABEL
                    ) == "web":
                        sources.add("web")
                    elif (peer.get("namespaceSelector") or {}).get("matchLabels") == {
                        "kubernetes.io/metadata.name": "kube-system"
                    }:
                        sources.add("ingress-controller")
                    elif "ipBlock" in peer and peer["ipBlock"].get("cidr") not in ("0.0.0.0/0", "::/0"):
                        sources.add("alb-cidr")
                    else:
                        out.append(f"{where}: ingress from an unexpected peer {peer}")
            for need in ("prometheus", "web", "ingress-controller"):
                if need not in sources:
                    out.append(f"{where}: no ingress rule for {need}")
        elif component == "web":
            if non_dns:
                out.append(f"{where}: the web app has egress besides DNS: {non_dns}")
            for r in ingress_rules:
                for peer in r.get("from") or []:
                    ok = (peer.get("namespaceSelector") or {}).get("matchLabels") == {
                        "kubernetes.io/metadata.name": "kube-system"
                    } or ("ipBlock" in peer and peer["ipBlock"].get("cidr") not in ("0.0.0.0/0", "::/0"))
                    if not ok:
                        out.append(f"{where}: ingress from an unexpected peer {peer}")
            if not ingress_rules:
                out.append(f"{where}: no ingress rule (the ingress controller must reach it)")
        elif component == "postgresql":
            if non_dns:
                out.append(f"{where}: the database has egress besides DNS: {non_dns}")
            peers = [peer for r in ingress_rules for peer in r.get("from") or []]
            if not peers:
                out.append(f"{where}: no ingress rule from the API")
            for peer in peers:
                ok = set(peer) == {"podSelector"} and (peer["podSelector"].get("matchLabels") or {}).get(
                    COMPONENT_LABEL
                ) == "api"
                if not ok:
                    out.append(f"{where}: database reachable from {peer}, only the API is allowed")
        elif component == "alert-analyzer":
            peers = [peer for r in ingress_rules for peer in r.get("from") or []]
            if not peers:
                out.append(f"{where}: no ingress rule from Alertmanager")
            for peer in peers:
                if not _ns_peer(peer, "monitoring", {"app.kubernetes.io/name": "alertmanager"}):
                    out.append(f"{where}: reachable from {peer}, only Alertmanager is allowed")
            for r in non_dns:
                for peer in r.get("to") or []:
                    if "ipBlock" in peer and peer["ipBlock"].get("cidr") in ("0.0.0.0/0", "::/0"):
                        continue  # an explicit, documented choice of the operator (httpsCidrs)
        else:
            out.append(f"{where}: unknown component {component!r}: no policy expectations for it")
    return out


# ------------------------------------------------------------------ topology


def topology_violations(docs: List[dict], engine: str) -> List[str]:
    """SQLite: the API is a one-replica StatefulSet with a volume and no HPA. PostgreSQL: a Deployment, an
    autoscaling/v2 HPA on it, a PodDisruptionBudget that keeps a pod up."""
    out: List[str] = []
    api = [d for d, _ in workloads(docs) if pod_labels(d).get(COMPONENT_LABEL) == "api"]
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    if len(api) != 1:
        return [f"expected one API workload, found {[ref(d) for d in api]}"]
    api_w = api[0]
    if engine == "sqlite":
        if api_w["kind"] != "StatefulSet":
            out.append(f"SQLite: the API is a {api_w['kind']}, expected a StatefulSet")
        if api_w["spec"].get("replicas") != 1:
            out.append(f"SQLite: the API has {api_w['spec'].get('replicas')} replicas, expected 1")
        if not api_w["spec"].get("volumeClaimTemplates"):
            out.append("SQLite: the API StatefulSet has no volumeClaimTemplates")
        else:
            mounts = {m["name"]: m["mountPath"] for m in api_w["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]}
            vct = api_w["spec"]["volumeClaimTemplates"][0]["metadata"]["name"]
            if mounts.get(vct) != "/var/lib/pawnotes":
                out.append("SQLite: the volume is not mounted at /var/lib/pawnotes")
        if hpas:
            out.append(f"SQLite: an HPA is rendered: {[ref(h) for h in hpas]}")
    else:
        if api_w["kind"] != "Deployment":
            out.append(f"PostgreSQL: the API is a {api_w['kind']}, expected a Deployment")
        if len(hpas) != 1:
            out.append(f"PostgreSQL: expected one HPA, found {len(hpas)}")
        for h in hpas:
            if h["apiVersion"] != "autoscaling/v2":
                out.append(f"{ref(h)}: apiVersion {h['apiVersion']}")
            target = h["spec"]["scaleTargetRef"]
            if (target["kind"], target["name"]) != ("Deployment", api_w["metadata"]["name"]):
                out.append(f"{ref(h)}: scales {target}, not the API Deployment")
            if h["spec"]["minReplicas"] < 2:
                out.append(f"{ref(h)}: minReplicas {h['spec']['minReplicas']} < 2")
            if "replicas" in api_w["spec"]:
                out.append("PostgreSQL: the Deployment sets replicas while an HPA owns them")
        pdbs = [p for p in by_kind(docs, "PodDisruptionBudget") if _selects(p["spec"]["selector"], pod_labels(api_w))]
        if not pdbs or not any((p["spec"].get("minAvailable") or 0) >= 1 for p in pdbs):
            out.append("PostgreSQL: no PodDisruptionBudget keeping an API pod available")
    # Only the in-cluster database may be a second StatefulSet.
    for s in by_kind(docs, "StatefulSet"):
        comp = pod_labels(s).get(COMPONENT_LABEL)
        if comp == "api" and engine != "sqlite":
            out.append(f"{ref(s)}: an API StatefulSet on {engine}")
        if comp not in ("api", "postgresql"):
            out.append(f"{ref(s)}: unexpected StatefulSet for {comp}")
    return out
