//! Go's `text/tabwriter` (liggitt/tabwriter fork with `RememberWidths`), the one aligner.
//!
//! Cells are tab-terminated; the text after a line's last tab is not part of any column and
//! is never padded. A column block is a run of consecutive lines that all have a cell in
//! that column; widths are computed per block (this is why describe's `Pod Template:` line,
//! which has no tab, restarts alignment). With `remember` set (kubectl get), a column's width
//! never shrinks across flushes, which keeps `--watch` rows aligned with earlier ones.

/// A tabwriter with Go's parameters. kubectl get: `TabWriter::table()` (min 6, padding 3,
/// remember widths); kubectl describe: `TabWriter::describe()` (min 0, padding 2).
#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    remember: bool,
    maxwidths: Vec<usize>,
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

impl TabWriter {
    pub fn new(minwidth: usize, padding: usize, remember: bool) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            remember,
            maxwidths: Vec::new(),
        }
    }

    /// The printer settings of cli-runtime `GetNewTabWriter` (min width 6, padding 3).
    pub fn table() -> TabWriter {
        TabWriter::new(6, 3, true)
    }

    /// The settings of kubectl's describe (`tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`).
    pub fn describe() -> TabWriter {
        TabWriter::new(0, 2, false)
    }

    /// Align `text` (one flush). Lines are separated by `\n`; a final line without `\n` is
    /// written without one, as Go does.
    pub fn format(&mut self, text: &str) -> String {
        let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        // `split` yields a trailing empty line for text ending in '\n': that is the
        // unterminated (empty) last line.
        let last_terminated = text.ends_with('\n');
        if last_terminated {
            lines.pop();
        }
        let mut out = String::new();
        let mut widths = Vec::new();
        self.block(
            &mut out,
            &lines,
            &mut widths,
            0,
            lines.len(),
            last_terminated,
        );
        out
    }

    fn block(
        &mut self,
        out: &mut String,
        lines: &[Vec<&str>],
        widths: &mut Vec<usize>,
        line0: usize,
        line1: usize,
        last_terminated: bool,
    ) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            write_lines(out, lines, widths, start, this, last_terminated);
            start = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(width_of(lines[this][column]) + self.padding);
                this += 1;
            }
            if self.remember {
                if self.maxwidths.len() < widths.len() {
                    let from = self.maxwidths.len();
                    self.maxwidths.extend_from_slice(&widths[from..]);
                }
                if self.maxwidths.len() == widths.len() {
                    self.maxwidths.push(width);
                } else if self.maxwidths[column] > width {
                    width = self.maxwidths[column];
                } else {
                    self.maxwidths[column] = width;
                }
            }
            widths.push(width);
            self.block(out, lines, widths, start, this, last_terminated);
            widths.pop();
            start = this;
        }
        write_lines(out, lines, widths, start, line1, last_terminated);
    }
}

fn write_lines(
    out: &mut String,
    lines: &[Vec<&str>],
    widths: &[usize],
    line0: usize,
    line1: usize,
    last_terminated: bool,
) {
    for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() && j + 1 < line.len() {
                let pad = widths[j].saturating_sub(width_of(cell));
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if i + 1 < lines.len() || last_terminated {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_get_pods() {
        let mut tw = TabWriter::table();
        let s = tw.format("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb-0\t1/1\tRunning\t0\t1m\n");
        assert_eq!(
            s,
            "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   1/1     Running   0          1m\n"
        );
        // A later, wider row keeps earlier widths and grows only the STATUS column.
        let s = tw.format("web-0\t0/1\tContainerCreating\t0\t0s\n");
        assert_eq!(s, "web-0   0/1     ContainerCreating   0          0s\n");
        let s = tw.format("web-0\t1/1\tRunning\t0\t2s\n");
        assert_eq!(s, "web-0   1/1     Running             0          2s\n");
    }

    #[test]
    fn describe_blocks_restart_at_untabbed_lines() {
        let mut tw = TabWriter::describe();
        let s = tw.format("Name:\tweb\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=nginx\n");
        assert_eq!(
            s,
            "Name:       web\nNamespace:  default\nPod Template:\n  Labels:  app=nginx\n"
        );
    }
}
