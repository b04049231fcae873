// The Credere baseline as a Pulumi policy pack: `pulumi preview --policy-pack policy`.
import { PolicyPack } from "@pulumi/policy";
import { backendAccessPolicies } from "./backend-access-policies";
import { credereBaselinePolicies } from "./policies";

new PolicyPack("credere-baseline", { policies: [...credereBaselinePolicies, ...backendAccessPolicies] });
