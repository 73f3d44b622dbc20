//! `kubectl version -o json|yaml`: kubectl's `Version` struct as v1.35 marshals it.

#[path = "kubectl_support/mod.rs"]
mod support;
use stslab::sim::Cluster;
use support::k;

const CLIENT_JSON: &str = "  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"35\",\n    \"gitVersion\": \"v1.35.7\",\n    \"gitCommit\": \"0000000000000000000000000000000000000000\",\n    \"gitTreeState\": \"clean\",\n    \"buildDate\": \"1970-01-01T00:00:00Z\",\n    \"goVersion\": \"go1.25\",\n    \"compiler\": \"gc\",\n    \"platform\": \"linux/amd64\"\n  },\n  \"kustomizeVersion\": \"v5.7.1\"";

#[test]
fn json_keeps_struct_order_and_omits_the_server_with_client() {
    let mut c = Cluster::new(1);
    let o = k(&mut c, "kubectl version --client -o json");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stdout, format!("{{\n{CLIENT_JSON}\n}}\n"));
    let o = k(&mut c, "kubectl version -o json");
    assert_eq!(
        o.stdout,
        format!("{{\n{CLIENT_JSON},\n  \"serverVersion\": {{\n    \"major\": \"1\",\n    \"minor\": \"35\",\n    \"emulationMajor\": \"1\",\n    \"emulationMinor\": \"35\",\n    \"minCompatibilityMajor\": \"1\",\n    \"minCompatibilityMinor\": \"34\",\n    \"gitVersion\": \"v1.35.7\",\n    \"gitCommit\": \"0000000000000000000000000000000000000000\",\n    \"gitTreeState\": \"clean\",\n    \"buildDate\": \"1970-01-01T00:00:00Z\",\n    \"goVersion\": \"go1.25\",\n    \"compiler\": \"gc\",\n    \"platform\": \"linux/amd64\"\n  }}\n}}\n")
    );
}

#[test]
fn yaml_sorts_keys_and_quotes_what_would_read_back_as_numbers() {
    let mut c = Cluster::new(1);
    let o = k(&mut c, "kubectl version -o yaml");
    assert_eq!(
        o.stdout,
        "clientVersion:\n  buildDate: \"1970-01-01T00:00:00Z\"\n  compiler: gc\n  gitCommit: \"0000000000000000000000000000000000000000\"\n  gitTreeState: clean\n  gitVersion: v1.35.7\n  goVersion: go1.25\n  major: \"1\"\n  minor: \"35\"\n  platform: linux/amd64\nkustomizeVersion: v5.7.1\nserverVersion:\n  buildDate: \"1970-01-01T00:00:00Z\"\n  compiler: gc\n  emulationMajor: \"1\"\n  emulationMinor: \"35\"\n  gitCommit: \"0000000000000000000000000000000000000000\"\n  gitTreeState: clean\n  gitVersion: v1.35.7\n  goVersion: go1.25\n  major: \"1\"\n  minCompatibilityMajor: \"1\"\n  minCompatibilityMinor: \"34\"\n  minor: \"35\"\n  platform: linux/amd64\n\n"
    );
}

#[test]
fn bad_output_and_extra_arguments() {
    let mut c = Cluster::new(1);
    let o = k(&mut c, "kubectl version -o wide");
    assert_eq!(o.stderr, "error: --output must be 'yaml' or 'json'\n");
    let o = k(&mut c, "kubectl version foo bar");
    assert_eq!(o.stderr, "error: extra arguments: [foo bar]\n");
}
