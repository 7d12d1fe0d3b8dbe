// The reference deployment written in Java, as a Java team would, against the locally built jar:
// the seed's isolated VPC with the FARGATE preset and one PrivateFargateService. It writes its
// cloud assembly to the directory given as the first argument.
package consumer;

import io.github.isolatedecsconstructs.EndpointPreset;
import io.github.isolatedecsconstructs.IsolatedVpc;
import io.github.isolatedecsconstructs.PrivateFargateService;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.ContainerImage;

public final class Reference {
    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args[0]).build());
        Stack stack = new Stack(app, "IsolatedEcsReference");
        IsolatedVpc vpc = IsolatedVpc.Builder.create(stack, "Vpc").endpoints(EndpointPreset.FARGATE).build();
        PrivateFargateService.Builder.create(stack, "Service")
            .vpc(vpc)
            .image(ContainerImage.fromAsset(args[1]))
            .serviceName("sample-service")
            .build();
        app.synth();
    }
}
