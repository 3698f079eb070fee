"""The auditor's evidence pack, built from a deployment export alone (an offline plan or
`pulumi stack export` of the real stack): controls, access matrix, organization picture."""
