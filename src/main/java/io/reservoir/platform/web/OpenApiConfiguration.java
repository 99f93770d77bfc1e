package io.reservoir.platform.web;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.MemberPass;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // who acts comes from the key, token or session, never from the request: no API parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, MemberPass.class);
    }

    @Bean
    OpenAPI reservoirOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Reservoir API")
                        .description("Management API (/api/v1, Bearer management key) and Segment-compatible"
                                + " ingestion (/v1, write key as HTTP Basic user name); the service provider's"
                                + " /api/v1/workspaces takes its provider key. Errors always answer"
                                + " {\"error\": {\"code\", \"message\", \"field\"}}.")
                        .version("v1")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "managementKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A management key of the workspace"))
                        .addSecuritySchemes(
                                "writeKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("The write key as user name, empty password")))
                .addSecurityItem(new SecurityRequirement().addList("managementKey"));
    }
}
