"""`orgctl rehearse`: apply the offline plan with the real hashicorp/aws Terraform provider (the
code pulumi-aws bridges) against moto's emulated AWS, re-plan for drift, and classify what the
provider refuses."""
