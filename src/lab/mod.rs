//! The learner session: cluster, terminals, editor buffers and the Action reducer. See ARCHITECTURE.md.
