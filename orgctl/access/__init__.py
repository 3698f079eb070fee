"""Effective access: who can do what where once SCPs, permission sets, boundaries and managed
policies act together, judged request by request by iam_evaluator. Pure (no Pulumi)."""
