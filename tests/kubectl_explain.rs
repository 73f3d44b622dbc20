//! `kubectl explain` over the StatefulSet schema: kubectl v1.35's plaintext layout and the
//! upstream OpenAPI descriptions.

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::sim::Cluster;
use support::k;

fn explain(line: &str) -> stslab::kubectl::Output {
    let mut c = Cluster::new(1);
    k(&mut c, line)
}

#[test]
fn a_scalar_field() {
    let o = explain("kubectl explain statefulset.spec.replicas");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(
        o.stdout,
        "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    replicas is the desired number of replicas of the given Template. These are\n    replicas in the sense that they are instantiations of the same Template, but\n    individual replicas also have a consistent identity. If unspecified,\n    defaults to 1.\n    \n\n"
    );
}

#[test]
fn an_enum_field_lists_its_values() {
    let o = explain("kubectl explain sts.spec.podManagementPolicy");
    assert!(
        o.stdout.contains("FIELD: podManagementPolicy <string>\nENUM:\n    OrderedReady\n    Parallel\n\nDESCRIPTION:\n    podManagementPolicy controls how pods are created during initial scale up,\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("    \n    Possible enum values:\n     - `\"OrderedReady\"` will create pods in strictly increasing order on scale\n"), "{}", o.stdout);
}

#[test]
fn the_spec_lists_its_fields() {
    let o = explain("kubectl explain statefulset.spec");
    let s = &o.stdout;
    assert!(s.starts_with("GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: spec <StatefulSetSpec>\n\n\nDESCRIPTION:\n    Spec defines the desired identities of pods in this set.\n    A StatefulSetSpec is the specification of a StatefulSet.\n    \nFIELDS:\n  minReadySeconds\t<integer>\n"), "{s}");
    assert!(s.contains("  podManagementPolicy\t<string>\n  enum: OrderedReady, Parallel\n    podManagementPolicy controls how pods are created during initial scale up,\n"), "{s}");
    assert!(
        s.contains("  selector\t<LabelSelector> -required-\n"),
        "{s}"
    );
    assert!(s.contains("  serviceName\t<string>\n    serviceName is the name of the service that governs this StatefulSet. This\n    service must exist before the StatefulSet, and is responsible for the\n"), "{s}");
    assert!(
        s.contains("  volumeClaimTemplates\t<[]PersistentVolumeClaim>\n"),
        "{s}"
    );
    assert!(s.ends_with("one matching (by name) volumeMount in one container in the template. A claim\n    in this list takes precedence over any volumes in the template, with the\n    same name.\n\n\n") || s.ends_with("\n\n\n"), "{s}");
}

#[test]
fn nested_fields_and_the_resource_itself() {
    let o = explain("kubectl explain sts.spec.updateStrategy.rollingUpdate.partition");
    assert!(o.stdout.contains("FIELD: partition <integer>\n\n\nDESCRIPTION:\n    Partition indicates the ordinal at which the StatefulSet should be\n"), "{}", o.stdout);
    let o = explain("kubectl explain sts.spec.updateStrategy.rollingUpdate.maxUnavailable");
    assert!(
        o.stdout.contains("FIELD: maxUnavailable <IntOrString>\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains(
            "    IntOrString is a type that can hold an int32 or a string.  When used in JSON\n"
        ),
        "{}",
        o.stdout
    );
    let o = explain("kubectl explain statefulset");
    assert!(o.stdout.starts_with("GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nDESCRIPTION:\n    StatefulSet represents a set of pods with consistent identities. Identities\n    are defined as:\n      - Network: A single stable DNS and hostname.\n      - Storage: As many VolumeClaims as requested.\n    \n    The StatefulSet guarantees that a given network identity will always map to\n    the same storage identity.\n    \nFIELDS:\n  apiVersion\t<string>\n"), "{}", o.stdout);
    let o = explain("kubectl explain sts.spec.ordinals");
    assert!(o.stdout.contains("FIELDS:\n  start\t<integer>\n    start is the number representing the first replica's index. It may be used\n"), "{}", o.stdout);
    for f in [
        "serviceName",
        "volumeClaimTemplates",
        "persistentVolumeClaimRetentionPolicy",
        "minReadySeconds",
        "updateStrategy",
    ] {
        let o = explain(&format!("kubectl explain statefulset.spec.{f}"));
        assert_eq!(o.status, 0, "{f}: {}", o.stderr);
        assert!(o.stdout.contains(&format!("FIELD: {f} <")), "{}", o.stdout);
    }
}

#[test]
fn errors() {
    let o = explain("kubectl explain sts.spec.foo");
    assert_eq!(
        o.stdout,
        "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\n"
    );
    assert_eq!(o.stderr, "error: field \"foo\" does not exist\n");
    assert_eq!(o.status, 1);
    let o = explain("kubectl explain sts.nope.replicas");
    assert_eq!(o.stderr, "error: field \"replicas\" does not exist\n");
    let o = explain("kubectl explain foo");
    assert_eq!(
        o.stderr,
        "error: the server doesn't have a resource type \"foo\"\n"
    );
    let o = explain("kubectl explain");
    assert_eq!(o.stderr, "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    let o = explain("kubectl explain --help");
    assert!(
        o.stdout
            .starts_with("Describe fields and structure of various resources.\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn completion_knows_explain_and_logs() {
    let c = Cluster::new(1);
    let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        stslab::kubectl::complete(&w(&["kubectl", "expl"]), &c),
        w(&["explain"])
    );
    assert_eq!(
        stslab::kubectl::complete(&w(&["kubectl", "lo"]), &c),
        w(&["logs"])
    );
    assert_eq!(
        stslab::kubectl::complete(&w(&["kubectl", "explain", "sts.spec.rep"]), &c),
        w(&["sts.spec.replicas"])
    );
    assert_eq!(
        stslab::kubectl::complete(
            &w(&[
                "kubectl",
                "explain",
                "sts.spec.updateStrategy.rollingUpdate."
            ]),
            &c
        ),
        w(&[
            "sts.spec.updateStrategy.rollingUpdate.maxUnavailable",
            "sts.spec.updateStrategy.rollingUpdate.partition"
        ])
    );
    assert_eq!(
        stslab::kubectl::complete(&w(&["kubectl", "logs", "--fol"]), &c),
        w(&["--follow"])
    );
    let o = explain("kubectl logs --help");
    assert!(o.stdout.starts_with("Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.\n\nExamples:\n"), "{}", o.stdout);
}

#[test]
fn recursive_lists_nested_fields_with_their_types() {
    let o = explain("kubectl explain sts.spec.updateStrategy --recursive");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stdout.ends_with("\nFIELDS:\n  rollingUpdate\t<RollingUpdateStatefulSetStrategy>\n    maxUnavailable\t<IntOrString>\n    partition\t<integer>\n  type\t<string>\n  enum: OnDelete, RollingUpdate\n\n"),
        "{}",
        o.stdout
    );
    let o = explain("kubectl explain statefulset --recursive");
    assert!(o.stdout.contains("\nFIELDS:\n  apiVersion\t<string>\n  kind\t<string>\n  metadata\t<ObjectMeta>\n  spec\t<StatefulSetSpec>\n    minReadySeconds\t<integer>\n    ordinals\t<StatefulSetOrdinals>\n      start\t<integer>\n"), "{}", o.stdout);
    assert!(
        o.stdout
            .contains("\n    podManagementPolicy\t<string>\n    enum: OrderedReady, Parallel\n"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains(
            "\n    volumeClaimTemplates\t<[]PersistentVolumeClaim>\n      apiVersion\t<string>\n"
        ),
        "{}",
        o.stdout
    );
}

#[test]
fn types_missing_from_the_served_document() {
    // The field itself is described; its type's schema is not in the document.
    let o = explain("kubectl explain sts.metadata");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: metadata <ObjectMeta>\n\n\nDESCRIPTION:\n    Standard object's metadata. More info:\n    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n    \n\n");
    let o = explain("kubectl explain sts.spec.template.spec");
    assert_eq!(o.stderr, "error: field \"spec\" does not exist\n");
    let o = explain("kubectl explain pods");
    assert_eq!(
        o.stderr,
        "error: couldn't find resource for \"/v1, Resource=pods\"\n"
    );
    let o = explain("kubectl explain deploy");
    assert_eq!(
        o.stderr,
        "error: GVR (apps/v1, Resource=deployments) not found in OpenAPI schema\n"
    );
    let o = explain("kubectl explain sts --api-version=apps/v1beta1");
    assert_eq!(
        o.stderr,
        "error: couldn't find resource for \"apps/v1beta1, Resource=statefulsets\"\n"
    );
    let o = explain("kubectl explain sts -o json");
    assert_eq!(o.stderr, "error: unrecognized format: json\n");
}
