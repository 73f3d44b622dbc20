//! The guide's `mysql` client takes the options a learner types with it: `-e` runs statements
//! and exits (batch tables, errors with their line), a database argument must exist, a port
//! other than 3306 is refused, and an unknown option gets the client's own error instead of
//! being ignored.

mod transcript_support;

use transcript_support::shows;

const SETUP: &str = "kubectl create configmap mysql-config
kubectl apply -f mysql.yaml
kubectl rollout status sts/mysql > /dev/null
sleep 30
";

fn mysql(n: usize, args: &str) -> String {
    format!("kubectl run -it --rm c{n} --image=mysql:8.0 --restart=Never -- mysql -h mysql-0.mysql {args}\necho $?\n")
}

#[test]
fn execute_prints_batch_tables_and_exits() {
    shows(
        &format!(
            "{SETUP}{}",
            mysql(1, "-uroot -ppassword -e \"SELECT @@hostname; SELECT 1\"")
        ),
        "If you don't see a command prompt, try pressing enter.
mysql: [Warning] Using a password on the command line interface can be insecure.
+------------+
| @@hostname |
+------------+
| mysql-0    |
+------------+
+---+
| 1 |
+---+
| 1 |
+---+
pod \"c1\" deleted from default namespace
$ echo $?
0
",
    );
}

#[test]
fn execute_reports_a_failing_statement_with_its_line() {
    shows(
        &format!("{SETUP}{}", mysql(2, "-uroot -ppassword -e 'SELECT nope'")),
        "ERROR 1054 (42S22) at line 1: Unknown column 'nope' in 'field list'
pod \"c2\" deleted from default namespace
",
    );
}

#[test]
fn an_unknown_option_or_database_or_port_ends_the_client() {
    let script = format!(
        "{SETUP}{}{}{}",
        mysql(3, "--bogus"),
        mysql(4, "-uroot -ppassword nodb"),
        mysql(5, "-P 3307")
    );
    shows(
        &script,
        "If you don't see a command prompt, try pressing enter.
mysql: [ERROR] unknown option '--bogus'.
pod \"c3\" deleted from default namespace
",
    );
    shows(
        &script,
        "ERROR 1049 (42000): Unknown database 'nodb'
pod \"c4\" deleted from default namespace
",
    );
    shows(
        &script,
        "ERROR 2003 (HY000): Can't connect to MySQL server on 'mysql-0.mysql:3307' (111)
pod \"c5\" deleted from default namespace
",
    );
}

#[test]
fn an_option_that_changes_the_output_format_is_refused() {
    shows(
        &format!(
            "{SETUP}{}",
            mysql(6, "-uroot -ppassword --table -e 'SELECT 1'")
        ),
        "mysql: option '--table' is not available in this simulator
pod \"c6\" deleted from default namespace
",
    );
}
