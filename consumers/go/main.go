// The reference deployment written in Go, as a Go team would, against the locally built module:
// the seed's isolated VPC with the FARGATE preset and one PrivateFargateService. It writes its
// cloud assembly to the directory given as the first argument.
package main

import (
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
	iec "github.com/isolated-ecs-constructs/isolated-ecs-constructs-go/isolatedecsconstructs"
)

func main() {
	outdir, imageDir := os.Args[1], os.Args[2]
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	stack := awscdk.NewStack(app, jsii.String("IsolatedEcsReference"), nil)
	vpc := iec.NewIsolatedVpc(stack, jsii.String("Vpc"), &iec.IsolatedVpcProps{Endpoints: iec.EndpointPreset_FARGATE()})
	iec.NewPrivateFargateService(stack, jsii.String("Service"), &iec.PrivateFargateServiceProps{
		Vpc:         vpc,
		Image:       awsecs.ContainerImage_FromAsset(jsii.String(filepath.Clean(imageDir)), nil),
		ServiceName: jsii.String("sample-service"),
	})
	app.Synth(nil)
}
