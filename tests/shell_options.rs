//! Options of the shell's built-in tools, as a learner sees them in the terminal: a
//! modelled option works, a real option the simulator does not reproduce is refused with
//! `TOOL: option '-x' is not available in this simulator`, and an option the real tool
//! lacks gets the real tool's error and exit status — on the host (GNU) and in a busybox
//! pod. No option is silently ignored.

mod transcript_support;

use transcript_support::shows;

const FILE: &str = "echo one > f.txt
echo >> f.txt
echo >> f.txt
echo 'two\\tx' >> f.txt
";

#[test]
fn cat_n_numbers_lines_right_aligned_then_a_tab() {
    let script = format!("{FILE}cat -n f.txt\ncat -b f.txt\ncat -sn f.txt\n");
    shows(
        &script,
        "$ cat -n f.txt
     1\tone
     2\t
     3\t
     4\ttwo\\tx
$ ",
    );
    shows(
        &script,
        "$ cat -b f.txt
     1\tone


     2\ttwo\\tx
$ ",
    );
    shows(
        &script,
        "$ cat -sn f.txt
     1\tone
     2\t
     3\ttwo\\tx
$ ",
    );
}

#[test]
fn cat_shows_ends_and_tabs() {
    shows(
        "echo -e 'a\\tb' > t.txt\ncat -A t.txt\ncat -E t.txt\n",
        "$ cat -A t.txt
a^Ib$
$ cat -E t.txt
a\tb$
$ ",
    );
}

#[test]
fn unknown_option_gets_gnus_error_and_status() {
    shows(
        "cat -z f.txt\necho $?\n",
        "$ cat -z f.txt
cat: invalid option -- 'z'
Try 'cat --help' for more information.
$ echo $?
1
$ ",
    );
    shows(
        "cat --zz f.txt\necho $?\n",
        "$ cat --zz f.txt
cat: unrecognized option '--zz'
Try 'cat --help' for more information.
$ echo $?
1
$ ",
    );
    shows(
        "ls -j\necho $?\n",
        "$ ls -j
ls: invalid option -- 'j'
Try 'ls --help' for more information.
$ echo $?
2
$ ",
    );
    shows(
        "sort -j\necho $?\n",
        "$ sort -j
sort: invalid option -- 'j'
Try 'sort --help' for more information.
$ echo $?
2
$ ",
    );
    shows(
        "grep -j x\necho $?\n",
        "$ grep -j x
grep: invalid option -- 'j'
Usage: grep [OPTION]... PATTERNS [FILE]...
Try 'grep --help' for more information.
$ echo $?
2
$ ",
    );
    shows(
        "head -n\necho $?\n",
        "$ head -n
head: option requires an argument -- 'n'
Try 'head --help' for more information.
$ echo $?
1
$ ",
    );
}

#[test]
fn real_but_unmodelled_options_are_refused_not_ignored() {
    shows(
        "ls -R\necho $?\n",
        "$ ls -R
ls: option '-R' is not available in this simulator
$ echo $?
2
$ ",
    );
    shows(
        "tail -f statefulset.yaml\necho $?\n",
        "$ tail -f statefulset.yaml
tail: option '-f' is not available in this simulator
$ echo $?
1
$ ",
    );
    shows(
        "touch -d yesterday x\nls x\n",
        "$ touch -d yesterday x
touch: option '-d' is not available in this simulator
$ ls x
ls: cannot access 'x': No such file or directory
$ ",
    );
    shows(
        "grep --color=auto x statefulset.yaml\n",
        "$ grep --color=auto x statefulset.yaml
grep: option '--color' is not available in this simulator
$ ",
    );
    shows(
        "sleep --help\n",
        "$ sleep --help
sleep: option '--help' is not available in this simulator
$ ",
    );
    shows(
        "echo a | xargs -0 echo\n",
        "$ echo a | xargs -0 echo
xargs: option '-0' is not available in this simulator
$ ",
    );
}

#[test]
fn ls_all_and_one_per_line() {
    // The editor keeps statefulset.yaml open, so it stays.
    let script = "rm -f *.yaml\ntouch b a\nls -a\nls -1\nls -1a\nls -ar\nls -la\n";
    shows(
        script,
        "$ ls -a
.  ..  a  b  statefulset.yaml
$ ls -1
a
b
statefulset.yaml
$ ls -1a
.
..
a
b
statefulset.yaml
$ ls -ar
statefulset.yaml  b  a  ..  .
$ ls -la
drwxr-xr-x 1 root root  4096 Jan  5 09:00 .
drwxr-xr-x 1 root root  4096 Jan  5 09:00 ..
-rw-r--r-- 1 root root     0 Jan  5 09:00 a
-rw-r--r-- 1 root root     0 Jan  5 09:00 b
-rw-r--r-- 1 root root   912 Jan  5 09:00 statefulset.yaml
$ ",
    );
}

#[test]
fn clustered_options_separate_values_and_double_dash() {
    let script = "echo b > s.txt
echo 10 >> s.txt
echo 9 >> s.txt
echo 9 >> s.txt
sort -rnu s.txt
sort -n -r s.txt
head -n2 s.txt
head -2 s.txt
tail --lines=1 s.txt
uniq -c s.txt
uniq -d s.txt
wc -lw s.txt
touch -- -n
ls -- -n
rm -- -n
cat - < s.txt
";
    shows(
        script,
        "$ sort -rnu s.txt
10
9
b
$ sort -n -r s.txt
10
9
9
b
$ head -n2 s.txt
b
10
$ head -2 s.txt
b
10
$ tail --lines=1 s.txt
9
$ uniq -c s.txt
      1 b
      1 10
      2 9
$ uniq -d s.txt
9
$ wc -lw s.txt
4 4 s.txt
$ touch -- -n
$ ls -- -n
-n
$ rm -- -n
$ cat - < s.txt
b
10
9
9
$ ",
    );
}

#[test]
fn rm_force_and_recursive() {
    shows(
        "rm nope\necho $?\nrm -f nope\necho $?\nrm\nrm -r web.yaml\nls web.yaml\nrm .\nrm -rf .\n",
        "$ rm nope
rm: cannot remove 'nope': No such file or directory
$ echo $?
1
$ rm -f nope
$ echo $?
0
$ rm
rm: missing operand
Try 'rm --help' for more information.
$ rm -r web.yaml
$ ls web.yaml
ls: cannot access 'web.yaml': No such file or directory
$ rm .
rm: cannot remove '.': Is a directory
$ rm -rf .
rm: refusing to remove '.' or '..' directory: skipping '.'
$ ",
    );
}

#[test]
fn echo_prints_words_that_are_not_its_options() {
    shows(
        "echo -z --help\necho -n x; echo y\n",
        "$ echo -z --help
-z --help
$ echo -n x; echo y
xy
$ ",
    );
}

#[test]
fn grep_files_with_matches_line_regexp_and_max_count() {
    shows(
        "grep -l nginx statefulset.yaml web.yaml mysql.yaml\ngrep -xc -e --- web.yaml\ngrep -m1 -n nginx web.yaml\ngrep -c ---\n",
        "$ grep -l nginx statefulset.yaml web.yaml mysql.yaml
statefulset.yaml
web.yaml
$ grep -xc -e --- web.yaml
1
$ grep -m1 -n nginx web.yaml
4:  name: nginx
$ grep -c ---
grep: unrecognized option '---'
Usage: grep [OPTION]... PATTERNS [FILE]...
Try 'grep --help' for more information.
$ ",
    );
}

#[test]
fn history_clear_and_last_n() {
    shows(
        "echo a\necho b\nhistory 2\nhistory -c\nhistory\nhistory -z\n",
        "$ history 2
    2  echo b
    3  history 2
$ history -c
$ history
    1  history
$ history -z
bash: history: -z: invalid option
history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]
$ ",
    );
}

const POD: &str = "kubectl run -it --rm t --image=busybox --restart=Never -- sh\n";

#[test]
fn in_a_busybox_pod_options_follow_the_same_rule() {
    let script = format!(
        "{POD}echo one > /f.txt\necho two >> /f.txt\ncat -n /f.txt\ncat -z /f.txt\necho $?\nls -R /\necho $?\nhead -1 /f.txt\n"
    );
    shows(
        &script,
        "/ # cat -n /f.txt
     1\tone
     2\ttwo
/ # cat -z /f.txt
cat: invalid option -- 'z'
/ # echo $?
1
/ # ls -R /
ls: option '-R' is not available in this simulator
/ # echo $?
1
/ # head -1 /f.txt
one
/ # ",
    );
}

#[test]
fn head_and_tail_counts_bytes_and_headers() {
    let script = "echo b > s.txt\necho 10 >> s.txt\necho 9 >> s.txt\necho one > f.txt\nhead -c 2 s.txt\nhead -n -1 s.txt\ntail -n +2 s.txt\nhead -n1 s.txt f.txt\nhead -qn1 s.txt f.txt\nhead nope\necho $?\n";
    shows(
        script,
        "$ head -c 2 s.txt
b
$ head -n -1 s.txt
b
10
$ tail -n +2 s.txt
10
9
$ head -n1 s.txt f.txt
==> s.txt <==
b

==> f.txt <==
one
$ head -qn1 s.txt f.txt
b
one
$ head nope
head: cannot open 'nope' for reading: No such file or directory
$ echo $?
1
$ ",
    );
}

#[test]
fn sort_keys_separators_and_their_errors() {
    let script = "echo x:3 > k.txt\necho y:1 >> k.txt\necho z:2 >> k.txt\nsort -t: -k2n k.txt\nsort -t : -k 2,2 -r k.txt\nsort --rev k.txt\nsort -k0 k.txt\nsort -t ab k.txt\necho $?\n";
    shows(
        script,
        "$ sort -t: -k2n k.txt
y:1
z:2
x:3
$ sort -t : -k 2,2 -r k.txt
x:3
z:2
y:1
$ sort --rev k.txt
z:2
y:1
x:3
$ sort -k0 k.txt
sort: field number is zero: invalid field specification '0'
$ sort -t ab k.txt
sort: multi-character tab 'ab'
$ echo $?
2
$ ",
    );
}

#[test]
fn uniq_wc_and_grep_modelled_options() {
    let script = "echo A > u.txt\necho a >> u.txt\necho b >> u.txt\nuniq -u u.txt\nuniq -i u.txt\nuniq -ic u.txt out.txt\ncat out.txt\necho é > e.txt\nwc -mc e.txt\ngrep -s x nope\necho $?\n";
    shows(
        script,
        "$ uniq -u u.txt
A
a
b
$ uniq -i u.txt
A
b
$ uniq -ic u.txt out.txt
$ cat out.txt
      2 A
      1 b
$ echo é > e.txt
$ wc -mc e.txt
2 3 e.txt
$ grep -s x nope
$ echo $?
2
$ ",
    );
}

#[test]
fn commands_the_shell_runs_itself_check_their_options_too() {
    shows(
        "timeout -s KILL 1 sleep 5\necho $?\nclear -x\nawk -f prog.awk\n",
        "$ timeout -s KILL 1 sleep 5
timeout: option '-s' is not available in this simulator
$ echo $?
125
$ clear -x
clear: option '-x' is not available in this simulator
$ awk -f prog.awk
awk: option '-f' is not available in this simulator
",
    );
    shows(
        "ls --al\necho $?\n",
        "$ ls --al
ls: option '--al' is ambiguous; possibilities: '--all' '--almost-all'
Try 'ls --help' for more information.
$ echo $?
2
$ ",
    );
    shows(
        "echo a:b | awk -F: '{print $2}'\n",
        "$ echo a:b | awk -F: '{print $2}'
b
$ ",
    );
}

#[test]
fn bash_builtins_check_their_options() {
    shows(
        "cd -\ncd -P .\ncd -\ncd -@ .\ncd -z\necho $?\nexport -p\nunset -z x\n",
        "$ cd -
bash: cd: OLDPWD not set
$ cd -P .
$ cd -
/root
$ cd -@ .
bash: cd: option '-@' is not available in this simulator
$ cd -z
bash: cd: -z: invalid option
cd: usage: cd [-L|[-P [-e]] [-@]] [dir]
$ echo $?
2
$ export -p
bash: export: option '-p' is not available in this simulator
$ unset -z x
bash: unset: -z: invalid option
unset: usage: unset [-f] [-v] [-n] [name ...]
$ ",
    );
}
