"""The CloudFormation template that turns on AWS Config in a member account and Region, deployed
to every account below the root by a service-managed StackSet (new accounts included).

The recorder role is a plain IAM role created by the home-Region stack (IAM is global; the other
Regions' stacks refer to it by name): Config creates its service-linked role only when set up
from the console, and creating that role where it already exists would fail the stack. Global
resource types are recorded in the home Region only, so they are not counted twice. Pure.
"""

from __future__ import annotations

from monitoring.documents import config_service_trust

RECORDER_ROLE = "org-iam-config-recorder"
CONFIG_ROLE_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWS_ConfigRole"
RECORDER_NAME = "org-iam"


def config_template() -> dict:
    role_arn = {"Fn::Sub": f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{RECORDER_ROLE}"}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "org-iam: AWS Config recording into the organization's log archive",
        "Parameters": {
            "DeliveryBucket": {"Type": "String", "Description": "Config history bucket"},
            "KmsKeyArn": {"Type": "String", "Description": "Key of the log archive"},
            "HomeRegion": {"Type": "String", "Description": "Region that records global resources"},
        },
        "Conditions": {
            "IsHomeRegion": {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "HomeRegion"}]}
        },
        "Resources": {
            "RecorderRole": {
                "Type": "AWS::IAM::Role",
                "Condition": "IsHomeRegion",
                "Properties": {
                    "RoleName": RECORDER_ROLE,
                    "AssumeRolePolicyDocument": config_service_trust({"Ref": "AWS::AccountId"}),
                    "ManagedPolicyArns": [{"Fn::Sub": CONFIG_ROLE_POLICY}],
                },
            },
            "Recorder": {
                "Type": "AWS::Config::ConfigurationRecorder",
                "Properties": {
                    "Name": RECORDER_NAME,
                    "RoleARN": {
                        "Fn::If": [
                            "IsHomeRegion",
                            {"Fn::GetAtt": ["RecorderRole", "Arn"]},
                            role_arn,
                        ]
                    },
                    "RecordingGroup": {
                        "AllSupported": True,
                        "IncludeGlobalResourceTypes": {"Fn::If": ["IsHomeRegion", True, False]},
                    },
                },
            },
            # CloudFormation starts the recorder once its delivery channel exists.
            "DeliveryChannel": {
                "Type": "AWS::Config::DeliveryChannel",
                "Properties": {
                    "Name": RECORDER_NAME,
                    "S3BucketName": {"Ref": "DeliveryBucket"},
                    "S3KmsKeyArn": {"Ref": "KmsKeyArn"},
                    "ConfigSnapshotDeliveryProperties": {"DeliveryFrequency": "TwentyFour_Hours"},
                },
            },
        },
    }
